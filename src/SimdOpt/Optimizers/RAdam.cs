using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>RAdam: Adam whose adaptive step is switched on, and scaled, by the variance rectification term, as <c>torch.optim.RAdam</c>.</summary>
/// <remarks>
/// Step scalars, in double (powers by <see cref="StepScalars.Power"/>, r_t by <see cref="RAdamRectification.Term(double, long)"/>),
/// each rounded to float once:
/// <code>
/// bc1 = 1 - beta1^t;   bc2 = 1 - beta2^t
/// rectified (rho_t > 5):  stepSize = ((lr * r_t) * sqrt(bc2)) / bc1
/// otherwise:              stepSize = lr / bc1
/// decay = 1 - lr * wd                     (decoupled weight decay only)
/// </code>
/// Per element, in this order of float operations:
/// <code>
/// g = maximize ? -g : g
/// g = g + wd * p                          (L2 form only, when weight_decay != 0)
/// p = p * decay                           (decoupled form only)
/// m = beta1 * m + (1 - beta1) * g
/// v = beta2 * v + (1 - beta2) * (g * g)
/// rectified: p = p - (stepSize * m) / (sqrt(v) + eps)
/// otherwise: p = p - stepSize * m
/// </code>
/// eps is added to <c>sqrt(v)</c> itself, as in PyTorch (<c>lr * mHat * r_t * sqrt(bc2) / (sqrt(v) + eps)</c>). With
/// beta2 = 0.999 the first five steps are not rectified. With <see cref="OptimizerOptions.FlushSubnormals"/>, as
/// <see cref="Adam"/>. State: <c>exp_avg</c> (m), <c>exp_avg_sq</c> (v); a step moves 28 bytes per element.
/// </remarks>
public sealed class RAdam : Optimizer<RAdamOptions>
{
    private readonly PowerSeries[] _beta1Powers;
    private readonly PowerSeries[] _beta2Powers;
    private readonly MomentScalars[] _moments;

    /// <summary>Creates the optimizer; validates every hyperparameter.</summary>
    /// <param name="layout">The parameters' layout.</param>
    /// <param name="learningRate">Base learning rate, in [0, +inf) (PyTorch's default: <see cref="RAdamOptions.DefaultLearningRate"/>).</param>
    /// <param name="options">Hyperparameters (default beta1 0.9, beta2 0.999, eps 1e-8).</param>
    /// <param name="groups">Optional parameter groups with their own options.</param>
    /// <param name="nonFiniteGradients">What to do with NaN or infinite gradients.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range; the message names it.</exception>
    public RAdam(ParameterLayout layout, double learningRate, RAdamOptions? options = null, IReadOnlyList<ParameterGroup<RAdamOptions>>? groups = null, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate)
        : base(layout, learningRate, options ?? new RAdamOptions(), groups, nonFiniteGradients, _ => ["exp_avg", "exp_avg_sq"])
    {
        _beta1Powers = PerSet(o => new PowerSeries(o.Beta1));
        _beta2Powers = PerSet(o => new PowerSeries(o.Beta2));
        _moments = PerSet(o => MomentScalars.From(o.Beta1, o.Beta2));
        UpdateWith<RAdamScalars>(Scalars);
    }

    private void Scalars(int group, long stepNumber, double learningRate, out RAdamScalars scalars)
    {
        var o = GroupOptions(group);
        var lr = GroupLearningRate(group, learningRate);
        var (beta1Power, beta2Power) = _beta1Powers[group].Powers(_beta2Powers[group], stepNumber);
        var bc1 = 1.0 - beta1Power;
        var rectification = RAdamRectification.Term(o.Beta2, beta2Power, stepNumber);
        var stepSize = rectification is { } r
            ? lr * r * Math.Sqrt(1.0 - beta2Power) / bc1
            : lr / bc1;
        scalars = new RAdamScalars(
            Transform(o.Maximize, o.DecoupledWeightDecay ? 0f : (float)o.WeightDecay),
            rectification is not null,
            o.DecoupledWeightDecay && o.WeightDecay != 0,
            o.DecoupledWeightDecay ? StepFloat(1.0 - (lr * o.WeightDecay), group, stepNumber, "1 - lr * weight_decay", nameof(LearningRate)) : (float)(1.0 - (lr * o.WeightDecay)),
            _moments[group],
            StepFloat(stepSize, group, stepNumber, rectification is null ? "lr / (1 - beta1^t)" : "lr * r_t * sqrt(1 - beta2^t) / (1 - beta1^t)", nameof(LearningRate)),
            (float)o.Epsilon);
    }
}
