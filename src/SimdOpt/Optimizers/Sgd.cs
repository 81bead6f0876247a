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
    private readonly SgdRule[] _plain;
    private readonly SgdMomentumScalars[] _momentum;
    private readonly bool _hasMomentum;
    private readonly bool _nesterov;

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
        _hasMomentum = Options.Momentum > 0;
        _nesterov = Options.Nesterov;
        foreach (var group in Groups)
        {
            if (group.Options.Nesterov != _nesterov)
            {
                throw new ArgumentException($"Group '{group.Name}' sets Nesterov = {group.Options.Nesterov}; every group must match the optimizer's Nesterov = {_nesterov}.", nameof(groups));
            }
        }

        _plain = new SgdRule[GroupCount];
        _momentum = new SgdMomentumScalars[GroupCount];
    }

    private protected override void Prepare(long stepNumber, double learningRate)
    {
        for (var group = 0; group < GroupCount; group++)
        {
            var o = GroupOptions(group);
            var transform = new GradientTransform(o.Maximize, (float)o.WeightDecay);
            var lr = StepFloat(GroupLearningRate(group, learningRate), group, stepNumber, "lr * LearningRateScale", nameof(LearningRate));
            _plain[group] = new SgdRule(transform, lr);
            _momentum[group] = new SgdMomentumScalars(transform, lr, (float)o.Momentum, (float)(1.0 - o.Dampening), stepNumber == 1);
        }
    }

    private protected override void Update(int group, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state0, Span<float> state1, Span<float> state2)
    {
        if (!_hasMomentum)
        {
            UpdateLoop.Run(_plain[group], parameters, gradients, state0, state1, state2);
        }
        else if (GroupOptions(group).FlushSubnormals)
        {
            UpdateMomentum<On>(_momentum[group], parameters, gradients, state0);
        }
        else
        {
            UpdateMomentum<Off>(_momentum[group], parameters, gradients, state0);
        }
    }

    private void UpdateMomentum<TFlush>(in SgdMomentumScalars scalars, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> buffer)
        where TFlush : struct, IFlag
    {
        if (_nesterov)
        {
            UpdateLoop.Run(new SgdMomentumRule<On, TFlush>(scalars), parameters, gradients, buffer, [], []);
        }
        else
        {
            UpdateLoop.Run(new SgdMomentumRule<Off, TFlush>(scalars), parameters, gradients, buffer, [], []);
        }
    }
}
