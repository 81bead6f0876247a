using System.Numerics.Tensors;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>
/// RAdam at step 10 (rectified: <c>p = p - (s m) / (sqrt(v) + eps)</c> after Adam's moments): 28 bytes per element
/// (read p, g, m, v; write p, m, v). Its first five steps (beta2 0.999) skip the root and the division.
/// </summary>
public class RAdamBenchmarks : RuleBenchmarks
{
    private static readonly RAdamOptions Options = new();

    public override OptimizerOptions RuleOptions => Options;

    protected override int ScratchCount => 2;

    protected override void CompiledCStep(int threads) => CompiledCSteps.RAdam(Parameters, Gradients, State(0), State(1), Options, LearningRate, StepNumber, threads);

    protected override void ComposedStep()
    {
        var o = Options;
        var r = RAdamRectification.Term(o.Beta2, StepNumber) ?? 0;
        var stepSize = (float)(LearningRate * r * Math.Sqrt(StepScalars.BiasCorrection(o.Beta2, StepNumber)) / StepScalars.BiasCorrection(o.Beta1, StepNumber));
        var m = State(0);
        var v = State(1);
        var t = Scratch(0);
        var u = Scratch(1);
        ComposedMoments(o.Beta1, o.Beta2, t);
        TensorPrimitives.Sqrt(v, t);
        TensorPrimitives.Add(t, (float)o.Epsilon, t);
        TensorPrimitives.Multiply(m, stepSize, u);
        TensorPrimitives.Divide(u, t, t);
        TensorPrimitives.Subtract(Parameters, t, Parameters);
    }
}
