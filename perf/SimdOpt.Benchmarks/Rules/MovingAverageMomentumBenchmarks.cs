using System.Numerics.Tensors;
using SimdOpt.Benchmarks.Columns;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Reference;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>Moving-average momentum, <c>v = beta * v + (1 - beta) * g; p = p - lr * v</c>: 20 bytes per element.</summary>
[BytesPerElement(20)]
public class MovingAverageMomentumBenchmarks : RuleBenchmarks
{
    private static readonly MovingAverageMomentumOptions Options = new();

    protected override Optimizer CreateOptimizer(ParameterLayout layout) => new MovingAverageMomentum(layout, LearningRate, Options);

    protected override void ReferenceStep() => ReferenceMovingAverageMomentum.Step(Parameters, Gradients, State(0), Options, LearningRate);

    protected override void CompiledCStep(int threads) => CompiledCSteps.MovingAverageMomentum(Parameters, Gradients, State(0), Options, LearningRate, threads);

    protected override void ComposedStep()
    {
        var velocity = State(0);
        TensorPrimitives.Multiply(velocity, (float)Options.Beta, velocity);
        TensorPrimitives.MultiplyAdd(Gradients, (float)(1.0 - Options.Beta), velocity, velocity);
        TensorPrimitives.MultiplyAdd(velocity, -(float)LearningRate, Parameters, Parameters);
    }
}
