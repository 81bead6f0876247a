using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.NativePeer.Tests;

/// <summary>
/// A compiled-C peer stepping its own state, as <see cref="ReferenceAssert.Matches"/> wants an update under test:
/// the state starts as the SimdOpt optimizer's (AdaGrad's initial accumulator included), the step counts from 1, and
/// Schedule-Free AdamW's scalar state (weight sum, largest learning rate) starts at 0 as the optimizer's does.
/// </summary>
internal sealed class PeerUpdate
{
    private readonly RuleSetup _rule;
    private readonly int _threads;
    private readonly float[][] _states;
    private readonly IReadOnlyList<string> _stateNames;
    private long _step;
    private double _weightSum;
    private double _learningRateMax;

    public PeerUpdate(RuleSetup rule, int length, int threads)
    {
        _rule = rule;
        _threads = threads;
        var optimizer = rule.Create(Layouts.SingleTensor(length), rule.LearningRate);
        _stateNames = optimizer.StateNames;
        _states = [.. optimizer.StateNames.Select(name => optimizer.State(name).Span.ToArray()), [], [], []];
    }

    public ReadOnlySpan<float> State(string name)
    {
        for (var slot = 0; slot < _stateNames.Count; slot++)
        {
            if (_stateNames[slot] == name)
            {
                return _states[slot];
            }
        }

        throw new KeyNotFoundException($"No state named '{name}'.");
    }

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        _step++;
        var lr = _rule.LearningRate;
        switch (_rule.Options)
        {
            case SgdOptions o:
                CompiledCSteps.Sgd(parameters, gradients, _states[0], o, lr, _step, _threads);
                break;
            case MovingAverageMomentumOptions o:
                CompiledCSteps.MovingAverageMomentum(parameters, gradients, _states[0], o, lr, _threads);
                break;
            case AdaGradOptions o:
                CompiledCSteps.AdaGrad(parameters, gradients, _states[0], o, lr, _step, _threads);
                break;
            case RmsPropOptions o:
                CompiledCSteps.RmsProp(parameters, gradients, _states[0], o, lr, _threads);
                break;
            case AdamOptions o:
                CompiledCSteps.Adam(parameters, gradients, _states[0], _states[1], _states[2], o, lr, _step, _threads);
                break;
            case LionOptions o:
                CompiledCSteps.Lion(parameters, gradients, _states[0], o, lr, _threads);
                break;
            case AdamaxOptions o:
                CompiledCSteps.Adamax(parameters, gradients, _states[0], _states[1], o, lr, _step, _threads);
                break;
            case NAdamOptions o:
                CompiledCSteps.NAdam(parameters, gradients, _states[0], _states[1], o, lr, _step, _threads);
                break;
            case RAdamOptions o:
                CompiledCSteps.RAdam(parameters, gradients, _states[0], _states[1], o, lr, _step, _threads);
                break;
            case AdadeltaOptions o:
                CompiledCSteps.Adadelta(parameters, gradients, _states[0], _states[1], o, lr, _threads);
                break;
            case ScheduleFreeAdamWOptions o:
                CompiledCSteps.ScheduleFreeAdamW(parameters, gradients, _states[0], _states[1], o, lr, _step, ref _weightSum, ref _learningRateMax, _threads);
                break;
            default:
                throw new NotSupportedException($"No compiled-C peer step for the registered rule {_rule.Name}: add one to perf/native and CompiledCSteps.");
        }
    }
}
