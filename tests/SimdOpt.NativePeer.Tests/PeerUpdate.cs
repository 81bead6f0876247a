using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.NativePeer.Tests;

/// <summary>
/// A compiled-C peer stepping its own state, as <see cref="ReferenceAssert.Matches"/> wants an update under test:
/// the state starts as the SimdOpt optimizer's (AdaGrad's initial accumulator included) and the step counts from 1.
/// </summary>
internal sealed class PeerUpdate
{
    private readonly RuleSetup _rule;
    private readonly int _threads;
    private readonly float[][] _states;
    private readonly IReadOnlyList<string> _stateNames;
    private long _step;

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
            default:
                throw new NotSupportedException(_rule.Name);
        }
    }
}
