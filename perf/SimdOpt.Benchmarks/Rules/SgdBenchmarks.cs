using System.Numerics.Tensors;
using SimdOpt.Benchmarks.Columns;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Reference;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>Plain SGD, <c>p = p - lr * g</c>: 12 bytes per element (read p, g; write p).</summary>
[BytesPerElement(12)]
public class SgdBenchmarks : RuleBenchmarks
{
    private static readonly SgdOptions Options = new();

    protected override Optimizer CreateOptimizer(ParameterLayout layout) => new Sgd(layout, LearningRate, Options);

    protected override void ReferenceStep() => ReferenceSgd.Step(Parameters, Gradients, [], Options, LearningRate, StepNumber);

    protected override void ComposedStep() => TensorPrimitives.MultiplyAdd(Gradients, -(float)LearningRate, Parameters, Parameters);

    protected override void CompiledCStep(int threads) => CompiledCSteps.Sgd(Parameters, Gradients, [], Options, LearningRate, StepNumber, threads);
}
