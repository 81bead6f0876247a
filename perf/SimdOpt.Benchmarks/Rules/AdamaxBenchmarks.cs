using System.Numerics.Tensors;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>
/// Adamax, <c>m = b1 m + (1 - b1) g; u = max(b2 u, |g| + eps); p = p - (s m) / u</c>: 28 bytes per element
/// (read p, g, m, u; write p, m, u).
/// </summary>
public class AdamaxBenchmarks : RuleBenchmarks
{
    private static readonly AdamaxOptions Options = new();

    public override OptimizerOptions RuleOptions => Options;

    protected override int ScratchCount => 1;

    protected override void CompiledCStep(int threads) => CompiledCSteps.Adamax(Parameters, Gradients, State(0), State(1), Options, LearningRate, StepNumber, threads);

    protected override void ComposedStep()
    {
        var stepSize = (float)(LearningRate / StepScalars.BiasCorrection(Options.Beta1, StepNumber));
        var m = State(0);
        var u = State(1);
        var t = Scratch(0);
        TensorPrimitives.Multiply(m, (float)Options.Beta1, m);
        TensorPrimitives.MultiplyAdd(Gradients, (float)(1.0 - Options.Beta1), m, m);
        TensorPrimitives.Abs(Gradients, t);
        TensorPrimitives.Add(t, (float)Options.Epsilon, t);
        TensorPrimitives.Multiply(u, (float)Options.Beta2, u);
        TensorPrimitives.Max(u, t, u);
        TensorPrimitives.Multiply(m, stepSize, t);
        TensorPrimitives.Divide(t, u, t);
        TensorPrimitives.Subtract(Parameters, t, Parameters);
    }
}
