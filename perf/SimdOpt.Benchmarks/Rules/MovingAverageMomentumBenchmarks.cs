using System.Numerics.Tensors;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>Moving-average momentum, <c>v = beta * v + (1 - beta) * g; p = p - lr * v</c>: 20 bytes per element.</summary>
public class MovingAverageMomentumBenchmarks : RuleBenchmarks
{
    private static readonly MovingAverageMomentumOptions Options = new();

    public override OptimizerOptions RuleOptions => Options;

    protected override void CompiledCStep(int threads) => CompiledCSteps.MovingAverageMomentum(Parameters, Gradients, State(0), Options, LearningRate, threads);

    protected override void ComposedStep()
    {
        var velocity = State(0);
        TensorPrimitives.Multiply(velocity, (float)Options.Beta, velocity);
        TensorPrimitives.MultiplyAdd(Gradients, (float)(1.0 - Options.Beta), velocity, velocity);
        TensorPrimitives.MultiplyAdd(velocity, -(float)LearningRate, Parameters, Parameters);
    }
}
