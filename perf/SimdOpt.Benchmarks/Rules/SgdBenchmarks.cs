using System.Numerics.Tensors;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>Plain SGD, <c>p = p - lr * g</c>: 12 bytes per element (read p, g; write p).</summary>
public class SgdBenchmarks : RuleBenchmarks
{
    private static readonly SgdOptions Options = new();

    public override OptimizerOptions RuleOptions => Options;

    protected override void ComposedStep() => TensorPrimitives.MultiplyAdd(Gradients, -(float)LearningRate, Parameters, Parameters);

    protected override void CompiledCStep(int threads) => CompiledCSteps.Sgd(Parameters, Gradients, [], Options, LearningRate, StepNumber, threads);
}
