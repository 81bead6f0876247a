using System.Numerics.Tensors;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>
/// PyTorch's SGD momentum, <c>b = mu * b + g; p = p - lr * b</c> (and its Nesterov form in a subclass):
/// 20 bytes per element (read p, g, b; write p, b).
/// </summary>
public class SgdMomentumBenchmarks : RuleBenchmarks
{
    private static readonly SgdOptions Plain = new() { Momentum = 0.9 };

    public override OptimizerOptions RuleOptions => Options;

    protected virtual SgdOptions Options => Plain;

    protected override int ScratchCount => Options.Nesterov ? 1 : 0;

    protected override void CompiledCStep(int threads) => CompiledCSteps.Sgd(Parameters, Gradients, State(0), Options, LearningRate, StepNumber, threads);

    protected override void ComposedStep()
    {
        var buffer = State(0);
        TensorPrimitives.Multiply(buffer, (float)Options.Momentum, buffer);
        TensorPrimitives.MultiplyAdd(Gradients, (float)(1.0 - Options.Dampening), buffer, buffer);
        if (Options.Nesterov)
        {
            var direction = Scratch(0);
            TensorPrimitives.MultiplyAdd(buffer, (float)Options.Momentum, Gradients, direction);
            TensorPrimitives.MultiplyAdd(direction, -(float)LearningRate, Parameters, Parameters);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(buffer, -(float)LearningRate, Parameters, Parameters);
        }
    }
}

/// <summary>Nesterov momentum, <c>p = p - lr * (g + mu * b)</c>: 20 bytes per element.</summary>
public class NesterovBenchmarks : SgdMomentumBenchmarks
{
    private static readonly SgdOptions Nesterov = new() { Momentum = 0.9, Nesterov = true };

    protected override SgdOptions Options => Nesterov;
}
