using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>NAdam: Adam with Nesterov momentum and the momentum schedule of Dozat (2016), as <c>torch.optim.NAdam</c>.</summary>
/// <remarks>
/// Scalar state: the running product <c>P = mu_1 * ... * mu_t</c> of the momentum factors (one per hyperparameter
/// set: <c>mu_product</c>, and <c>mu_product/NAME</c> for each parameter group), in double, starting at 1; a
/// completed step multiplies it by <c>mu_t</c>, a skipped one leaves it. Step scalars, in double
/// (<see cref="NAdamMomentum.Factor"/> for mu, powers by <see cref="StepScalars.Power"/>), each rounded to float once:
/// <code>
/// mu     = mu_t;   muNext = mu_(t+1)
/// P      = P_(t-1) * mu;   PNext = P * muNext
/// s      = sqrt(1 - beta2^t)
/// gradientStep = ((lr * (1 - mu)) / (1 - P)) * s
/// momentumStep = ((lr * muNext) / (1 - PNext)) * s
/// epsHat = eps * s
/// decay  = 1 - lr * wd                    (decoupled weight decay only)
/// </code>
/// Per element, in this order of float operations (one square root, one division):
/// <code>
/// g = maximize ? -g : g
/// g = g + wd * p                          (L2 form only, when weight_decay != 0)
/// p = p * decay                           (decoupled form only)
/// m = beta1 * m + (1 - beta1) * g
/// v = beta2 * v + (1 - beta2) * (g * g)
/// p = p - ((gradientStep * g) + (momentumStep * m)) / (sqrt(v) + epsHat)
/// </code>
/// In exact arithmetic this is PyTorch's
/// <c>p - lr * ((1 - mu) / (1 - P) * g + muNext / (1 - PNext) * m) / (sqrt(v / (1 - beta2^t)) + eps)</c>.
/// With <see cref="OptimizerOptions.FlushSubnormals"/>, as <see cref="Adam"/>. State: <c>exp_avg</c> (m),
/// <c>exp_avg_sq</c> (v); a step moves 28 bytes per element.
/// </remarks>
public sealed class NAdam : Optimizer<NAdamOptions>
{
    private readonly double[] _products;
    private readonly double[] _nextProducts;
    private readonly string[] _scalarStateNames;
    private readonly PowerSeries[] _beta2Powers;
    private readonly MomentScalars[] _moments;

    /// <summary>Creates the optimizer; validates every hyperparameter.</summary>
    /// <param name="layout">The parameters' layout.</param>
    /// <param name="learningRate">Base learning rate, in [0, +inf) (PyTorch's default: <see cref="NAdamOptions.DefaultLearningRate"/>).</param>
    /// <param name="options">Hyperparameters (default beta1 0.9, beta2 0.999, eps 1e-8, momentum decay 0.004).</param>
    /// <param name="groups">Optional parameter groups with their own options.</param>
    /// <param name="nonFiniteGradients">What to do with NaN or infinite gradients.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range; the message names it.</exception>
    public NAdam(ParameterLayout layout, double learningRate, NAdamOptions? options = null, IReadOnlyList<ParameterGroup<NAdamOptions>>? groups = null, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate)
        : base(layout, learningRate, options ?? new NAdamOptions(), groups, nonFiniteGradients, _ => ["exp_avg", "exp_avg_sq"])
    {
        _products = new double[GroupCount];
        _nextProducts = new double[GroupCount];
        _scalarStateNames = [ProductName, .. Groups.Select(g => $"{ProductName}/{g.Name}")];
        _beta2Powers = PerSet(o => new PowerSeries(o.Beta2));
        _moments = PerSet(o => MomentScalars.From(o.Beta1, o.Beta2));
        ResetScalarState();
        UpdateWith<NAdamScalars>(Scalars);
    }

    /// <summary>The name of the default set's momentum product; a group's is this, a slash and the group's name.</summary>
    public const string ProductName = "mu_product";

    /// <inheritdoc />
    public override IReadOnlyList<string> ScalarStateNames => _scalarStateNames;

    private protected override double GetScalarState(int index) => _products[index];

    private protected override void SetScalarState(int index, double value)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"{_scalarStateNames[index]} is a product of momentum factors in [0, 1); it must be in [0, 1]; got {value}.");
        }

        _products[index] = value;
    }

    private protected override void ResetScalarState() => Array.Fill(_products, 1.0);

    private protected override void CompleteScalarState() => _nextProducts.CopyTo(_products, 0);

    private void Scalars(int group, long stepNumber, double learningRate, out NAdamScalars scalars)
    {
        var o = GroupOptions(group);
        var lr = GroupLearningRate(group, learningRate);
        var mu = NAdamMomentum.Factor(o.Beta1, o.MomentumDecay, stepNumber);
        var muNext = NAdamMomentum.Factor(o.Beta1, o.MomentumDecay, stepNumber + 1);
        var product = _products[group] * mu;
        var nextProduct = product * muNext;
        var s = Math.Sqrt(_beta2Powers[group].BiasCorrection(stepNumber));
        _nextProducts[group] = product;
        scalars = new NAdamScalars(
            Transform(o.Maximize, o.DecoupledWeightDecay ? 0f : (float)o.WeightDecay),
            o.DecoupledWeightDecay && o.WeightDecay != 0,
            o.DecoupledWeightDecay ? StepFloat(1.0 - (lr * o.WeightDecay), group, stepNumber, "1 - lr * weight_decay", nameof(LearningRate)) : (float)(1.0 - (lr * o.WeightDecay)),
            _moments[group],
            StepFloat((lr * (1.0 - mu) / (1.0 - product)) * s, group, stepNumber, "lr * (1 - mu_t) / (1 - prod mu_1..t) * sqrt(1 - beta2^t)", nameof(LearningRate)),
            StepFloat((lr * muNext / (1.0 - nextProduct)) * s, group, stepNumber, "lr * mu_t+1 / (1 - prod mu_1..t+1) * sqrt(1 - beta2^t)", nameof(LearningRate)),
            StepFloat(o.Epsilon * s, group, stepNumber, "eps * sqrt(1 - beta2^t)", nameof(NAdamOptions.Epsilon), positive: true));
    }
}
