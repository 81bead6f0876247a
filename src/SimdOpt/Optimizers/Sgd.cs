using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>
/// Stochastic gradient descent in PyTorch's form, with optional heavy-ball or Nesterov momentum.
/// </summary>
/// <remarks>
/// Per element, in this order of float operations (every product and sum rounded to float):
/// <code>
/// g = maximize ? -g : g
/// g = g + wd * p                        (only when weight_decay != 0)
/// without momentum:  p = p - lr * g
/// with momentum:     b = (t == 1) ? g : mu * b + (1 - dampening) * g
///                    d = nesterov ? g + mu * b : b
///                    p = p - lr * d
/// </code>
/// <c>lr</c> is the group's learning rate rounded to float; <c>1 - dampening</c> is computed in double, then
/// rounded. State: <c>momentum_buffer</c> (b) when momentum is on.
/// With <see cref="OptimizerOptions.FlushSubnormals"/>, b is flushed as it is stored (and d uses the stored b), as that
/// option documents; without momentum the option changes nothing.
/// This momentum is not the seed's moving average (<see cref="MovingAverageMomentum"/>): with
/// <c>mu = beta</c> and no dampening, b settles at <c>1/(1 - beta)</c> times the moving average v, so
/// it matches <c>MovingAverageMomentum</c> at learning rate <c>lr / (1 - beta)</c> in the steady state; the
/// first steps differ (b starts at g, v at <c>(1 - beta) * g</c>).
/// </remarks>
public sealed class Sgd : Optimizer<SgdOptions>
{
    /// <summary>Creates the optimizer; validates every hyperparameter.</summary>
    /// <param name="layout">The parameters' layout.</param>
    /// <param name="learningRate">Base learning rate, in [0, +inf).</param>
    /// <param name="options">Hyperparameters (default: no momentum, no weight decay).</param>
    /// <param name="groups">Optional parameter groups with their own options.</param>
    /// <param name="nonFiniteGradients">What to do with NaN or infinite gradients.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range; the message names it.</exception>
    public Sgd(ParameterLayout layout, double learningRate, SgdOptions? options = null, IReadOnlyList<ParameterGroup<SgdOptions>>? groups = null, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate)
        : base(layout, learningRate, options ?? new SgdOptions(), groups, nonFiniteGradients, o => o.Momentum > 0 ? ["momentum_buffer"] : [])
    {
        foreach (var group in Groups)
        {
            if (group.Options.Nesterov != Options.Nesterov)
            {
                throw new ArgumentException($"Group '{group.Name}' sets Nesterov = {group.Options.Nesterov}; every group must match the optimizer's Nesterov = {Options.Nesterov}.", nameof(groups));
            }
        }

        UpdateWith<SgdScalars>(Scalars);
    }

    private void Scalars(int group, long stepNumber, double learningRate, out SgdScalars scalars)
    {
        var o = GroupOptions(group);
        scalars = new SgdScalars(
            Transform(o.Maximize, (float)o.WeightDecay),
            o.Momentum > 0,
            o.Nesterov,
            StepFloat(GroupLearningRate(group, learningRate), group, stepNumber, "lr * LearningRateScale", nameof(LearningRate)),
            (float)o.Momentum,
            (float)(1.0 - o.Dampening),
            stepNumber == 1);
    }
}
