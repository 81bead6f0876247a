using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Averaging;

/// <summary>
/// A running average of the parameters in a <see cref="ParameterBuffer"/> of the same layout, updated in place in one
/// pass that allocates nothing: an exponential moving average (Optax <c>ema</c>, PyTorch
/// <c>swa_utils.get_ema_multi_avg_fn</c>) or an equal-weight average (SWA, PyTorch <c>AveragedModel</c>'s default).
/// </summary>
/// <remarks>
/// Update number <c>n</c> (from 1), per element, in float:
/// <list type="bullet">
/// <item>exponential: <c>a = keep * a + take * p</c> with <c>keep = (float)decay</c> and <c>take = (float)(1 - decay)</c>
/// (computed in double, rounded once); with warm-up the first update copies <c>p</c> instead (PyTorch's
/// <c>AveragedModel</c> starts from the first parameters); without it the average starts at 0 and
/// <see cref="CopyDebiasedTo"/> gives Optax's bias-corrected <c>a / (1 - decay^n)</c>;</item>
/// <item>equal: <c>a = a + (p - a) / (float)n</c> (PyTorch's <c>p_avg + (p - p_avg) / (n_averaged + 1)</c>); the first
/// update therefore gives <c>p</c> exactly.</item>
/// </list>
/// Every element's result depends only on its own inputs and the update's scalars, so every hardware path gives
/// the same bits as <see cref="Reference.ReferenceWeightAverage"/>.
/// </remarks>
public sealed class WeightAverage
{
    private WeightAverage(ParameterLayout layout, bool equal, double decay, bool warmUp)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Average = new ParameterBuffer(layout);
        IsEqualWeight = equal;
        Decay = decay;
        WarmUp = warmUp;
    }

    /// <summary>The averaged weights, laid out like the parameters (save them with the checkpoint or as safetensors).</summary>
    public ParameterBuffer Average { get; }

    /// <summary>Whether every update weighs the same (SWA) rather than decaying exponentially.</summary>
    public bool IsEqualWeight { get; }

    /// <summary>The exponential decay (0 for the equal-weight average).</summary>
    public double Decay { get; }

    /// <summary>Whether the first exponential update copies the parameters.</summary>
    public bool WarmUp { get; }

    /// <summary>Number of updates so far.</summary>
    public long Count { get; private set; }

    /// <summary>An exponential moving average <c>a = decay * a + (1 - decay) * p</c>.</summary>
    /// <param name="layout">The parameters' layout.</param>
    /// <param name="decay">In [0, 1).</param>
    /// <param name="warmUp">Whether the first update copies the parameters (PyTorch) instead of starting from 0 (Optax).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decay"/> is outside [0, 1).</exception>
    public static WeightAverage Exponential(ParameterLayout layout, double decay, bool warmUp = true)
    {
        if (!(decay >= 0 && decay < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, $"decay must be in [0, 1); got {decay:R}.");
        }

        return new WeightAverage(layout, equal: false, decay, warmUp);
    }

    /// <summary>An equal-weight average of every update's parameters (stochastic weight averaging).</summary>
    public static WeightAverage Equal(ParameterLayout layout) => new(layout, equal: true, 0, warmUp: false);

    /// <summary>Adds <paramref name="parameters"/> to the average.</summary>
    /// <exception cref="ArgumentException">The parameters' layout differs from the average's.</exception>
    public void Update(ParameterBuffer parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!parameters.Layout.Equals(Average.Layout))
        {
            throw new ArgumentException($"The parameters' layout ({parameters.Layout}) differs from the average's ({Average.Layout}).", nameof(parameters));
        }

        Update(parameters.Span);
    }

    /// <summary>Adds <paramref name="parameters"/> (the whole buffer) to the average.</summary>
    /// <exception cref="ArgumentException">The length differs from the layout's, or the span overlaps the average.</exception>
    public void Update(ReadOnlySpan<float> parameters)
    {
        var average = Average.Span;
        if (parameters.Length != average.Length)
        {
            throw new ArgumentException($"The parameters span has {parameters.Length} elements; the layout has {average.Length}.", nameof(parameters));
        }

        if (parameters.Overlaps(average))
        {
            throw new ArgumentException("The parameters overlap the average.", nameof(parameters));
        }

        NextUpdate().Run(average, parameters);
        CountUpdate();
    }

    /// <summary>
    /// The scalars of update number <c>Count + 1</c> (see the remarks), for <see cref="Update(ReadOnlySpan{float})"/>
    /// or an optimizer's step that updates this average in its own pass.
    /// </summary>
    /// <exception cref="InvalidOperationException">The average has counted <see cref="long.MaxValue"/> updates.</exception>
    internal AverageUpdate NextUpdate()
    {
        if (Count == long.MaxValue)
        {
            throw new InvalidOperationException("The average has counted long.MaxValue updates.");
        }

        var n = Count + 1;
        return IsEqualWeight ? new AverageUpdate(AverageKind.Equal, 0f, 0f, (float)n)
            : WarmUp && n == 1 ? new AverageUpdate(AverageKind.Copy, 0f, 0f, 0f)
            : new AverageUpdate(AverageKind.Exponential, (float)Decay, (float)(1.0 - Decay), 0f);
    }

    /// <summary>Counts an update made with <see cref="NextUpdate"/>'s scalars.</summary>
    internal void CountUpdate() => Count++;

    /// <summary>
    /// Writes Optax's bias-corrected average <c>a * c</c> with <c>c = (float)(1 / (1 - decay^Count))</c> (in double,
    /// by <see cref="StepScalars.Power"/>) to <paramref name="destination"/>; for the equal-weight average,
    /// or with warm-up, or before any update, a plain copy.
    /// </summary>
    /// <exception cref="ArgumentException">The destination's length differs from the layout's.</exception>
    public void CopyDebiasedTo(Span<float> destination)
    {
        if (destination.Length != Average.Length)
        {
            throw new ArgumentException($"The destination has {destination.Length} elements; the layout has {Average.Length}.", nameof(destination));
        }

        if (IsEqualWeight || WarmUp || Count == 0)
        {
            Average.Span.CopyTo(destination);
            return;
        }

        var correction = (float)(1.0 / StepScalars.BiasCorrection(Decay, Count));
        System.Numerics.Tensors.TensorPrimitives.Multiply(Average.Span, correction, destination);
    }

    /// <summary>Restores a saved average: copies <paramref name="average"/> and sets <see cref="Count"/>.</summary>
    /// <exception cref="ArgumentException">The layouts differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void Restore(ParameterBuffer average, long count)
    {
        ArgumentNullException.ThrowIfNull(average);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Average.CopyFrom(average);
        Count = count;
    }

    /// <summary>Sets <see cref="Count"/> of an average whose buffer a checkpoint has just restored.</summary>
    internal void RestoreCount(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
    }
}
