using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>Adam, AMSGrad and AdamW, with the bias correction <c>1 - beta^t</c> (t from 1).</summary>
/// <remarks>
/// Step scalars, in double (powers by <see cref="StepScalars.Power"/>), each rounded to float once:
/// <code>
/// bc1 = 1 - beta1^t;   bc2 = 1 - beta2^t
/// stepSize = lr * sqrt(bc2) / bc1
/// epsHat   = eps * sqrt(bc2)
/// decay    = 1 - lr * wd                  (decoupled weight decay only)
/// </code>
/// Per element, in this order of float operations (one square root, one division):
/// <code>
/// g = maximize ? -g : g
/// g = g + wd * p                          (L2 form only, when weight_decay != 0)
/// p = p * decay                           (decoupled form only)
/// m = beta1 * m + (1 - beta1) * g
/// v = beta2 * v + (1 - beta2) * (g * g)
/// vmax = max(vmax, v); v' = vmax          (AMSGrad; otherwise v' = v)
/// p = p - (stepSize * m) / (sqrt(v') + epsHat)
/// </code>
/// With <see cref="OptimizerOptions.FlushSubnormals"/>, <c>g * g</c> becomes <c>g2 * g2</c> (T from
/// <c>c = (float)(1 - beta2)</c>) and m, v and vmax are flushed as they are stored, as that option documents.
/// This equals the textbook <c>p - lr * mHat / (sqrt(vHat) + eps)</c> with <c>mHat = m / bc1</c> and
/// <c>vHat = v / bc2</c> in exact arithmetic. With beta1 = beta2 = 0 it is element-wise normalized SGD,
/// <c>p - (lr * g) / (|g| + eps)</c>. State: <c>exp_avg</c> (m), <c>exp_avg_sq</c> (v), <c>max_exp_avg_sq</c> (AMSGrad).
/// </remarks>
public sealed class Adam : Optimizer<AdamOptions>
{
    private readonly PowerSeries[] _beta1Powers;
    private readonly PowerSeries[] _beta2Powers;
    private readonly MomentScalars[] _moments;

    /// <summary>Creates the optimizer; validates every hyperparameter.</summary>
    /// <param name="layout">The parameters' layout.</param>
    /// <param name="learningRate">Base learning rate, in [0, +inf).</param>
    /// <param name="options">Hyperparameters (default beta1 0.9, beta2 0.999, eps 1e-8); <see cref="AdamOptions.AdamW"/> for AdamW.</param>
    /// <param name="groups">Optional parameter groups with their own options.</param>
    /// <param name="nonFiniteGradients">What to do with NaN or infinite gradients.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range; the message names it.</exception>
    public Adam(ParameterLayout layout, double learningRate, AdamOptions? options = null, IReadOnlyList<ParameterGroup<AdamOptions>>? groups = null, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate)
        : base(layout, learningRate, options ?? new AdamOptions(), groups, nonFiniteGradients, o => o.Amsgrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"])
    {
        _beta1Powers = PerSet(o => new PowerSeries(o.Beta1));
        _beta2Powers = PerSet(o => new PowerSeries(o.Beta2));
        _moments = PerSet(o => MomentScalars.From(o.Beta1, o.Beta2));
        UpdateWith<AdamScalars>(Scalars);
    }

    private void Scalars(int group, long stepNumber, double learningRate, out AdamScalars scalars)
    {
        var o = GroupOptions(group);
        var lr = GroupLearningRate(group, learningRate);
        var (beta1Power, beta2Power) = _beta1Powers[group].Powers(_beta2Powers[group], stepNumber);
        var bc1 = 1.0 - beta1Power;
        var sqrtBc2 = Math.Sqrt(1.0 - beta2Power);
        scalars = new AdamScalars(
            Transform(o.Maximize, o.DecoupledWeightDecay ? 0f : (float)o.WeightDecay),
            o.Amsgrad,
            o.DecoupledWeightDecay && o.WeightDecay != 0,
            o.DecoupledWeightDecay ? StepFloat(1.0 - (lr * o.WeightDecay), group, stepNumber, "1 - lr * weight_decay", nameof(LearningRate)) : 1f,
            _moments[group],
            StepFloat(lr * sqrtBc2 / bc1, group, stepNumber, "lr * sqrt(1 - beta2^t) / (1 - beta1^t)", nameof(LearningRate)),
            StepFloat(o.Epsilon * sqrtBc2, group, stepNumber, "eps * sqrt(1 - beta2^t)", nameof(AdamOptions.Epsilon), positive: true));
    }
}
