using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>AdaGrad: each element's step shrinks with the root of its summed squared gradients.</summary>
/// <remarks>
/// Step scalar, in double then rounded to float: <c>clr = lr / (1 + (t - 1) * lr_decay)</c>.
/// Per element, in this order of float operations:
/// <code>
/// g = maximize ? -g : g
/// g = g + wd * p                        (only when weight_decay != 0)
/// s = s + g * g
/// p = p - clr * (g / (sqrt(s) + eps))
/// </code>
/// With <see cref="OptimizerOptions.FlushSubnormals"/>, <c>g * g</c> becomes <c>g2 * g2</c> (T = 2^-63) and s is
/// flushed as it is stored, as that option documents.
/// State: <c>sum</c> (s), starting at <see cref="AdaGradOptions.InitialAccumulatorValue"/>.
/// </remarks>
public sealed class AdaGrad : Optimizer<AdaGradOptions>
{
    /// <summary>Creates the optimizer; validates every hyperparameter.</summary>
    /// <param name="layout">The parameters' layout.</param>
    /// <param name="learningRate">Base learning rate, in [0, +inf).</param>
    /// <param name="options">Hyperparameters (default eps 1e-10).</param>
    /// <param name="groups">Optional parameter groups with their own options.</param>
    /// <param name="nonFiniteGradients">What to do with NaN or infinite gradients.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range; the message names it.</exception>
    public AdaGrad(ParameterLayout layout, double learningRate, AdaGradOptions? options = null, IReadOnlyList<ParameterGroup<AdaGradOptions>>? groups = null, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate)
        : base(layout, learningRate, options ?? new AdaGradOptions(), groups, nonFiniteGradients, _ => ["sum"])
    {
        UpdateWith<AdaGradScalars>(Scalars);
        InitializeState();
    }

    private protected override float InitialStateValue(int slot, int group) => (float)GroupOptions(group).InitialAccumulatorValue;

    private void Scalars(int group, long stepNumber, double learningRate, out AdaGradScalars scalars)
    {
        var o = GroupOptions(group);
        var decayed = GroupLearningRate(group, learningRate) / (1.0 + ((stepNumber - 1) * o.LearningRateDecay));
        scalars = new AdaGradScalars(Transform(o.Maximize, (float)o.WeightDecay), StepFloat(decayed, group, stepNumber, "lr / (1 + (t - 1) * lr_decay)", nameof(LearningRate)), (float)o.Epsilon);
    }
}
