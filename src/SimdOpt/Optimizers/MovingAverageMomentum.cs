using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>
/// The course's momentum: an exponentially weighted moving average ("velocity") of the gradients.
/// </summary>
/// <remarks>
/// Per element, in this order of float operations:
/// <code>
/// g = maximize ? -g : g
/// g = g + wd * p                        (only when weight_decay != 0)
/// v = beta * v + (1 - beta) * g         (two products, then the sum)
/// p = p - lr * v
/// </code>
/// <c>1 - beta</c> is computed in double, then rounded to float. v starts at 0. State: <c>velocity</c>.
/// With <see cref="OptimizerOptions.FlushSubnormals"/>, v is flushed as it is stored, as that option documents.
/// Not PyTorch's momentum (<see cref="Sgd"/> with <see cref="SgdOptions.Momentum"/>), which accumulates
/// <c>b = mu * b + g</c> from <c>b = g</c>: in the steady state b = v / (1 - beta), so the two agree when this
/// one's learning rate is <c>1 / (1 - beta)</c> times larger; their first steps differ.
/// </remarks>
public sealed class MovingAverageMomentum : Optimizer<MovingAverageMomentumOptions>
{
    /// <summary>Creates the optimizer; validates every hyperparameter.</summary>
    /// <param name="layout">The parameters' layout.</param>
    /// <param name="learningRate">Base learning rate, in [0, +inf).</param>
    /// <param name="options">Hyperparameters (default beta 0.9).</param>
    /// <param name="groups">Optional parameter groups with their own options.</param>
    /// <param name="nonFiniteGradients">What to do with NaN or infinite gradients.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range; the message names it.</exception>
    public MovingAverageMomentum(ParameterLayout layout, double learningRate, MovingAverageMomentumOptions? options = null, IReadOnlyList<ParameterGroup<MovingAverageMomentumOptions>>? groups = null, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate)
        : base(layout, learningRate, options ?? new MovingAverageMomentumOptions(), groups, nonFiniteGradients, _ => ["velocity"])
    {
        UpdateWith<MovingAverageMomentumScalars>(Scalars);
    }

    private void Scalars(int group, long stepNumber, double learningRate, out MovingAverageMomentumScalars scalars)
    {
        var o = GroupOptions(group);
        scalars = new MovingAverageMomentumScalars(
            Transform(o.Maximize, (float)o.WeightDecay), StepFloat(GroupLearningRate(group, learningRate), group, stepNumber, "lr * LearningRateScale", nameof(LearningRate)), (float)o.Beta, (float)(1.0 - o.Beta));
    }
}
