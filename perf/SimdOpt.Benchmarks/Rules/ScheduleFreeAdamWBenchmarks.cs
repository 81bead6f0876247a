using System.Numerics.Tensors;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>
/// Schedule-Free AdamW, <c>v = b2 v + (1 - b2) g g; u = g / (sqrt(v) + e); y = y + c (z - y) + a u; z = z - b u</c>:
/// 28 bytes per element (read y, g, z, v; write y, z, v).
/// </summary>
public class ScheduleFreeAdamWBenchmarks : RuleBenchmarks
{
    private static readonly ScheduleFreeAdamWOptions Options = new();

    // The compiled-C step's scalar state (weight sum, largest learning rate), advanced by every call as the optimizer's is.
    private double _weightSum;
    private double _learningRateMax;

    public override OptimizerOptions RuleOptions => Options;

    protected override int ScratchCount => 2;

    protected override void CompiledCStep(int threads) => CompiledCSteps.ScheduleFreeAdamW(Parameters, Gradients, State(0), State(1), Options, LearningRate, StepNumber, ref _weightSum, ref _learningRateMax, threads);

    protected override void ComposedStep()
    {
        var o = Options;
        var root = Math.Sqrt(StepScalars.BiasCorrection(o.Beta2, StepNumber));
        var c = 1.0 / StepNumber;
        var y = Parameters;
        var z = State(0);
        var v = State(1);
        var t = Scratch(0);
        var s = Scratch(1);
        TensorPrimitives.Multiply(Gradients, Gradients, t);
        TensorPrimitives.Multiply(v, (float)o.Beta2, v);
        TensorPrimitives.MultiplyAdd(t, (float)(1.0 - o.Beta2), v, v);
        TensorPrimitives.Sqrt(v, t);
        TensorPrimitives.Add(t, (float)(o.Epsilon * root), t);
        TensorPrimitives.Divide(Gradients, t, t);
        TensorPrimitives.Subtract(z, y, s);
        TensorPrimitives.MultiplyAdd(s, (float)c, y, y);
        TensorPrimitives.MultiplyAdd(t, (float)(LearningRate * root * ((o.Beta1 * (1 - c)) - 1)), y, y);
        TensorPrimitives.MultiplyAdd(t, -(float)(LearningRate * root), z, z);
    }
}
