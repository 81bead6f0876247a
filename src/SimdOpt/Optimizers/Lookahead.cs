using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>
/// Lookahead (Zhang et al. 2019; Optax <c>lookahead</c>) around any optimizer: the inner optimizer moves the fast
/// weights (the parameter buffer) for <c>k</c> steps, then the slow weights move towards them and the fast weights
/// restart from the slow ones. Per synchronisation, per element, in one pass:
/// <c>s = s + alpha * (f - s)</c> (a difference, a product with <c>(float)alpha</c>, a sum), then <c>f = s</c>.
/// The slow weights start as a copy of the parameters given at construction.
/// </summary>
public sealed class Lookahead
{
    /// <summary>Creates the wrapper.</summary>
    /// <param name="inner">The optimizer that moves the fast weights.</param>
    /// <param name="parameters">The starting parameters (copied into the slow weights).</param>
    /// <param name="syncPeriod">Inner steps between synchronisations (<c>k</c>); in [1, +inf).</param>
    /// <param name="alpha">The slow weights' step towards the fast ones; in [0, 1].</param>
    /// <exception cref="ArgumentException">The parameters' layout differs from the optimizer's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public Lookahead(Optimizer inner, ParameterBuffer parameters, int syncPeriod = 6, double alpha = 0.5)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(syncPeriod, 1);
        if (!(alpha >= 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"alpha must be in [0, 1]; got {alpha:R}.");
        }

        if (!parameters.Layout.Equals(inner.Layout))
        {
            throw new ArgumentException($"The parameters' layout ({parameters.Layout}) differs from the optimizer's ({inner.Layout}).", nameof(parameters));
        }

        Inner = inner;
        SyncPeriod = syncPeriod;
        Alpha = alpha;
        SlowWeights = parameters.CreateSibling();
        SlowWeights.CopyFrom(parameters);
    }

    /// <summary>The optimizer that moves the fast weights.</summary>
    public Optimizer Inner { get; }

    /// <summary>Inner steps between synchronisations.</summary>
    public int SyncPeriod { get; }

    /// <summary>The slow weights' step towards the fast ones.</summary>
    public double Alpha { get; }

    /// <summary>The slow weights, laid out like the parameters (save them with the checkpoint).</summary>
    public ParameterBuffer SlowWeights { get; }

    /// <summary>
    /// One inner step; every <see cref="SyncPeriod"/>-th applied inner step (by <see cref="Optimizer.StepCount"/>) is
    /// followed by the synchronisation. A skipped step does not count.
    /// </summary>
    /// <returns>The inner step's outcome.</returns>
    /// <exception cref="ArgumentException">A buffer's layout differs from the optimizer's.</exception>
    public StepOutcome Step(ParameterBuffer parameters, ParameterBuffer gradients)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Span.Overlaps(SlowWeights.Span))
        {
            throw new ArgumentException("The parameters overlap the slow weights.", nameof(parameters));
        }

        var outcome = Inner.Step(parameters, gradients);
        Synchronize(parameters, outcome);
        return outcome;
    }

    /// <summary>
    /// The synchronisation <see cref="Step"/> makes after its inner step, for a caller that steps <see cref="Inner"/>
    /// itself (for example through a <see cref="Gradients.GradientAccumulator"/>): when <paramref name="innerOutcome"/>
    /// is <see cref="StepOutcome.Applied"/> and <see cref="Inner"/>'s <see cref="Optimizer.StepCount"/> is a multiple of
    /// <see cref="SyncPeriod"/>, <c>s = s + alpha * (f - s)</c> and <c>f = s</c>. Call it once per inner step.
    /// </summary>
    /// <param name="parameters">The fast weights the inner step moved.</param>
    /// <param name="innerOutcome">The inner step's outcome.</param>
    /// <exception cref="ArgumentException">The parameters' layout differs from the optimizer's, or they overlap the slow weights.</exception>
    public void Synchronize(ParameterBuffer parameters, StepOutcome innerOutcome)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!parameters.Layout.Equals(Inner.Layout))
        {
            throw new ArgumentException($"The parameters' layout ({parameters.Layout}) differs from the optimizer's ({Inner.Layout}).", nameof(parameters));
        }

        if (parameters.Span.Overlaps(SlowWeights.Span))
        {
            throw new ArgumentException("The parameters overlap the slow weights.", nameof(parameters));
        }

        if (innerOutcome == StepOutcome.Applied && Inner.StepCount % SyncPeriod == 0)
        {
            var fast = parameters.Span;
            UpdateLoop.Run(new LookaheadRule((float)Alpha), fast, fast, SlowWeights.Span, [], []);
        }
    }
}
