using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>RMSProp: divides the gradient by the root of a running mean of squared gradients.</summary>
/// <remarks>
/// <c>1 - alpha</c> is computed in double, then rounded to float. Per element, in this order of float operations:
/// <code>
/// g = maximize ? -g : g
/// g = g + wd * p                             (only when weight_decay != 0)
/// v = alpha * v + (1 - alpha) * (g * g)
/// centered:     a = alpha * a + (1 - alpha) * g
///               d = sqrt(v - a * a) + eps
/// not centered: d = sqrt(v) + eps
/// momentum > 0: buf = mu * buf + g / d;  p = p - lr * buf
/// momentum = 0: p = p - lr * (g / d)
/// </code>
/// With <see cref="OptimizerOptions.FlushSubnormals"/>, <c>g * g</c> becomes <c>g2 * g2</c> (T from
/// <c>c = (float)(1 - alpha)</c>) and v, a and buf are flushed as they are stored, as that option documents.
/// State, in order: <c>square_avg</c> (v), <c>grad_avg</c> (a, when centered), <c>momentum_buffer</c> (when momentum &gt; 0).
/// </remarks>
public sealed class RmsProp : Optimizer<RmsPropOptions>
{
    private readonly float[] _squareThresholds;

    /// <summary>Creates the optimizer; validates every hyperparameter.</summary>
    /// <param name="layout">The parameters' layout.</param>
    /// <param name="learningRate">Base learning rate, in [0, +inf).</param>
    /// <param name="options">Hyperparameters (default alpha 0.99, eps 1e-8).</param>
    /// <param name="groups">Optional parameter groups with their own options.</param>
    /// <param name="nonFiniteGradients">What to do with NaN or infinite gradients.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range; the message names it.</exception>
    public RmsProp(ParameterLayout layout, double learningRate, RmsPropOptions? options = null, IReadOnlyList<ParameterGroup<RmsPropOptions>>? groups = null, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate)
        : base(layout, learningRate, options ?? new RmsPropOptions(), groups, nonFiniteGradients, StateNamesOf)
    {
        _squareThresholds = PerSet(o => SubnormalThreshold.ForSquareTerm((float)(1.0 - o.Alpha)));
        UpdateWith<RmsPropScalars>(Scalars);
    }

    private static string[] StateNamesOf(RmsPropOptions o) =>
        [
            "square_avg",
            .. o.Centered ? new[] { "grad_avg" } : [],
            .. o.Momentum > 0 ? new[] { "momentum_buffer" } : [],
        ];

    private void Scalars(int group, long stepNumber, double learningRate, out RmsPropScalars scalars)
    {
        var o = GroupOptions(group);
        scalars = new RmsPropScalars(
            Transform(o.Maximize, (float)o.WeightDecay),
            o.Centered,
            o.Momentum > 0,
            StepFloat(GroupLearningRate(group, learningRate), group, stepNumber, "lr * LearningRateScale", nameof(LearningRate)),
            (float)o.Alpha,
            (float)(1.0 - o.Alpha),
            (float)o.Epsilon,
            (float)o.Momentum,
            _squareThresholds[group]);
    }
}
