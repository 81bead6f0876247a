using System.Numerics.Tensors;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>RMSProp (not centered, no momentum), <c>v = a * v + (1 - a) * g * g; p = p - lr * g / (sqrt(v) + eps)</c>: 20 bytes per element.</summary>
public class RmsPropBenchmarks : RuleBenchmarks
{
    private static readonly RmsPropOptions Options = new();

    public override OptimizerOptions RuleOptions => Options;

    protected override int ScratchCount => 1;

    protected override void CompiledCStep(int threads) => CompiledCSteps.RmsProp(Parameters, Gradients, State(0), Options, LearningRate, threads);

    protected override void ComposedStep()
    {
        var square = State(0);
        var t = Scratch(0);
        TensorPrimitives.Multiply(Gradients, Gradients, t);
        TensorPrimitives.Multiply(square, (float)Options.Alpha, square);
        TensorPrimitives.MultiplyAdd(t, (float)(1.0 - Options.Alpha), square, square);
        TensorPrimitives.Sqrt(square, t);
        TensorPrimitives.Add(t, (float)Options.Epsilon, t);
        TensorPrimitives.Divide(Gradients, t, t);
        TensorPrimitives.MultiplyAdd(t, -(float)LearningRate, Parameters, Parameters);
    }
}
