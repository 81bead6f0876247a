using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>Adadelta (Zeiler 2012, as <c>torch.optim.Adadelta</c>): steps scaled by the ratio of two running root-mean-squares.</summary>
/// <remarks>
/// Step scalars: <c>lr</c> (the group's rate) and <c>1 - rho</c> computed in double, each rounded to float once.
/// Per element, in this order of float operations (one square root, one division):
/// <code>
/// g = maximize ? -g : g
/// g = g + wd * p                                  (only when weight_decay != 0)
/// v = rho * v + (1 - rho) * (g * g)
/// delta = sqrt((u + eps) / (v + eps)) * g
/// u = rho * u + (1 - rho) * (delta * delta)
/// p = p - lr * delta
/// </code>
/// PyTorch computes <c>sqrt(u + eps) / sqrt(v + eps)</c> (two square roots); the single root of the quotient is
/// equal in exact arithmetic and differs by a few units in the last place.
/// With <see cref="OptimizerOptions.FlushSubnormals"/>, <c>g * g</c> and <c>delta * delta</c> become
/// <c>g2 * g2</c> and <c>delta2 * delta2</c> (one T from <c>c = (float)(1 - rho)</c>) and v and u are flushed as
/// they are stored, as that option documents.
/// State, in order: <c>square_avg</c> (v), <c>acc_delta</c> (u), both starting at 0.
/// </remarks>
public sealed class Adadelta : Optimizer<AdadeltaOptions>
{
    private readonly float[] _squareThresholds;

    /// <summary>PyTorch's default learning rate for Adadelta: 1.0.</summary>
    public const double DefaultLearningRate = 1.0;

    /// <summary>Creates the optimizer; validates every hyperparameter.</summary>
    /// <param name="layout">The parameters' layout.</param>
    /// <param name="learningRate">Base learning rate, in [0, +inf) (PyTorch's default is <see cref="DefaultLearningRate"/>).</param>
    /// <param name="options">Hyperparameters (default rho 0.9, eps 1e-6).</param>
    /// <param name="groups">Optional parameter groups with their own options.</param>
    /// <param name="nonFiniteGradients">What to do with NaN or infinite gradients.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range; the message names it.</exception>
    public Adadelta(ParameterLayout layout, double learningRate, AdadeltaOptions? options = null, IReadOnlyList<ParameterGroup<AdadeltaOptions>>? groups = null, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate)
        : base(layout, learningRate, options ?? new AdadeltaOptions(), groups, nonFiniteGradients, _ => ["square_avg", "acc_delta"])
    {
        _squareThresholds = PerSet(o => SubnormalThreshold.ForSquareTerm((float)(1.0 - o.Rho)));
        UpdateWith<AdadeltaScalars>(Scalars);
    }

    private void Scalars(int group, long stepNumber, double learningRate, out AdadeltaScalars scalars)
    {
        var o = GroupOptions(group);
        scalars = new AdadeltaScalars(
            Transform(o.Maximize, (float)o.WeightDecay),
            StepFloat(GroupLearningRate(group, learningRate), group, stepNumber, "lr * LearningRateScale", nameof(LearningRate)),
            (float)o.Rho,
            (float)(1.0 - o.Rho),
            (float)o.Epsilon,
            _squareThresholds[group]);
    }
}
