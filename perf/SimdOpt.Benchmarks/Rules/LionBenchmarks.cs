using System.Numerics.Tensors;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>
/// Lion, <c>c = b1 m + (1 - b1) g; p = p - lr sign(c); m = b2 m + (1 - b2) g</c>: 20 bytes per element (read p, g, m;
/// write p, m). The TensorPrimitives version takes <c>CopySign(1, c)</c> for the sign (it differs at c = ±0 only).
/// </summary>
public class LionBenchmarks : RuleBenchmarks
{
    private static readonly LionOptions Options = new();

    public override OptimizerOptions RuleOptions => Options;

    protected override int ScratchCount => 2;

    protected override void CompiledCStep(int threads) => CompiledCSteps.Lion(Parameters, Gradients, State(0), Options, LearningRate, threads);

    protected override void ComposedStep()
    {
        var m = State(0);
        var c = Scratch(0);
        var ones = Scratch(1);
        ones.Fill(1f);
        TensorPrimitives.Multiply(m, (float)Options.Beta1, c);
        TensorPrimitives.MultiplyAdd(Gradients, (float)(1.0 - Options.Beta1), c, c);
        TensorPrimitives.CopySign(ones, c, c);
        TensorPrimitives.MultiplyAdd(c, -(float)LearningRate, Parameters, Parameters);
        TensorPrimitives.Multiply(m, (float)Options.Beta2, m);
        TensorPrimitives.MultiplyAdd(Gradients, (float)(1.0 - Options.Beta2), m, m);
    }
}
