using System.Numerics.Tensors;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>AdaGrad, <c>s = s + g * g; p = p - lr * (g / (sqrt(s) + eps))</c>: 20 bytes per element.</summary>
public class AdaGradBenchmarks : RuleBenchmarks
{
    private static readonly AdaGradOptions Options = new();

    public override OptimizerOptions RuleOptions => Options;

    protected override int ScratchCount => 1;

    protected override void CompiledCStep(int threads) => CompiledCSteps.AdaGrad(Parameters, Gradients, State(0), Options, LearningRate, StepNumber, threads);

    protected override void ComposedStep()
    {
        var sum = State(0);
        var t = Scratch(0);
        TensorPrimitives.MultiplyAdd(Gradients, Gradients, sum, sum);
        TensorPrimitives.Sqrt(sum, t);
        TensorPrimitives.Add(t, (float)Options.Epsilon, t);
        TensorPrimitives.Divide(Gradients, t, t);
        TensorPrimitives.MultiplyAdd(t, -(float)LearningRate, Parameters, Parameters);
    }
}
