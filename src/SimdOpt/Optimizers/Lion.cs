using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>Lion: the sign of an interpolated momentum as the update, one state buffer, no square root or division.</summary>
/// <remarks>
/// Step scalars, in double, each rounded to float once: <c>lr</c>, <c>wd</c>, <c>beta1</c>, <c>1 - beta1</c>,
/// <c>beta2</c>, <c>1 - beta2</c>. Per element, in this order of float operations:
/// <code>
/// g = maximize ? -g : g
/// c = beta1 * m + (1 - beta1) * g
/// d = sign(c)
/// d = d + wd * p                          (only when weight_decay != 0)
/// p = p - lr * d
/// m = beta2 * m + (1 - beta2) * g         (from the m before this step)
/// </code>
/// <c>sign(x)</c> is +1 for x &gt; 0 (and +inf), -1 for x &lt; 0 (and -inf), +0 for +0 and -0, NaN for NaN: a zero
/// interpolation leaves the parameter unchanged (<c>p - lr * 0</c>; a -0 parameter stays -0 only while it is not
/// decayed), and a NaN gradient or momentum makes the parameter NaN. With <see cref="OptimizerOptions.FlushSubnormals"/>
/// m is flushed as it is stored (Lion has no squared term). State: <c>exp_avg</c> (m), 4 bytes per parameter;
/// a step moves 20 bytes per element (read p, g, m; write p, m).
/// </remarks>
public sealed class Lion : Optimizer<LionOptions>
{
    /// <summary>Creates the optimizer; validates every hyperparameter.</summary>
    /// <param name="layout">The parameters' layout.</param>
    /// <param name="learningRate">Base learning rate, in [0, +inf) (<see cref="LionOptions.DefaultLearningRate"/> is 1e-4).</param>
    /// <param name="options">Hyperparameters (default beta1 0.9, beta2 0.99, weight decay 0).</param>
    /// <param name="groups">Optional parameter groups with their own options.</param>
    /// <param name="nonFiniteGradients">What to do with NaN or infinite gradients.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range; the message names it.</exception>
    public Lion(ParameterLayout layout, double learningRate, LionOptions? options = null, IReadOnlyList<ParameterGroup<LionOptions>>? groups = null, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate)
        : base(layout, learningRate, options ?? new LionOptions(), groups, nonFiniteGradients, _ => ["exp_avg"])
    {
        UpdateWith<LionScalars>(Scalars);
    }

    private void Scalars(int group, long stepNumber, double learningRate, out LionScalars scalars)
    {
        var o = GroupOptions(group);
        scalars = new LionScalars(
            Transform(o.Maximize, 0f),
            StepFloat(GroupLearningRate(group, learningRate), group, stepNumber, "lr * LearningRateScale", nameof(LearningRate)),
            o.WeightDecay != 0,
            (float)o.WeightDecay,
            (float)o.Beta1,
            (float)(1.0 - o.Beta1),
            (float)o.Beta2,
            (float)(1.0 - o.Beta2));
    }
}
