using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>Adamax: Adam with the infinity norm in place of the second moment (Kingma and Ba 2015, section 7.1).</summary>
/// <remarks>
/// Step scalars, in double (the power by <see cref="StepScalars.Power"/>), each rounded to float once:
/// <code>
/// bc1      = 1 - beta1^t
/// stepSize = lr / bc1
/// </code>
/// and <c>beta1</c>, <c>1 - beta1</c>, <c>beta2</c>, <c>eps</c>. Per element, in this order of float operations (one division):
/// <code>
/// g = maximize ? -g : g
/// g = g + wd * p                          (when weight_decay != 0)
/// m = beta1 * m + (1 - beta1) * g
/// u = max(beta2 * u, |g| + eps)           (IEEE maximum: a NaN on either side gives NaN)
/// p = p - (stepSize * m) / u
/// </code>
/// eps sits inside the maximum, as in PyTorch, so u never falls below eps. With
/// <see cref="OptimizerOptions.FlushSubnormals"/> m and u are flushed as they are stored (there is no squared term).
/// State: <c>exp_avg</c> (m), <c>exp_inf</c> (u); a step moves 28 bytes per element.
/// </remarks>
public sealed class Adamax : Optimizer<AdamaxOptions>
{
    private readonly PowerSeries[] _beta1Powers;

    /// <summary>Creates the optimizer; validates every hyperparameter.</summary>
    /// <param name="layout">The parameters' layout.</param>
    /// <param name="learningRate">Base learning rate, in [0, +inf) (PyTorch's default: <see cref="AdamaxOptions.DefaultLearningRate"/>).</param>
    /// <param name="options">Hyperparameters (default beta1 0.9, beta2 0.999, eps 1e-8).</param>
    /// <param name="groups">Optional parameter groups with their own options.</param>
    /// <param name="nonFiniteGradients">What to do with NaN or infinite gradients.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range; the message names it.</exception>
    public Adamax(ParameterLayout layout, double learningRate, AdamaxOptions? options = null, IReadOnlyList<ParameterGroup<AdamaxOptions>>? groups = null, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate)
        : base(layout, learningRate, options ?? new AdamaxOptions(), groups, nonFiniteGradients, _ => ["exp_avg", "exp_inf"])
    {
        _beta1Powers = PerSet(o => new PowerSeries(o.Beta1));
        UpdateWith<AdamaxScalars>(Scalars);
    }

    private void Scalars(int group, long stepNumber, double learningRate, out AdamaxScalars scalars)
    {
        var o = GroupOptions(group);
        scalars = new AdamaxScalars(
            Transform(o.Maximize, (float)o.WeightDecay),
            (float)o.Beta1,
            (float)(1.0 - o.Beta1),
            (float)o.Beta2,
            (float)o.Epsilon,
            StepFloat(GroupLearningRate(group, learningRate) / _beta1Powers[group].BiasCorrection(stepNumber), group, stepNumber, "lr / (1 - beta1^t)", nameof(LearningRate)));
    }
}
