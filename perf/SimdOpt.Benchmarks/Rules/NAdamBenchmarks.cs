using System.Numerics.Tensors;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>
/// NAdam, Adam's moments then <c>p = p - (a g + b m) / (sqrt(v) + e)</c>: 28 bytes per element (read p, g, m, v;
/// write p, m, v).
/// </summary>
public class NAdamBenchmarks : RuleBenchmarks
{
    private static readonly NAdamOptions Options = new();

    public override OptimizerOptions RuleOptions => Options;

    protected override int ScratchCount => 2;

    protected override void CompiledCStep(int threads) => CompiledCSteps.NAdam(Parameters, Gradients, State(0), State(1), Options, LearningRate, StepNumber, threads);

    protected override void ComposedStep()
    {
        var o = Options;
        var mu = NAdamMomentum.Factor(o.Beta1, o.MomentumDecay, StepNumber);
        var muNext = NAdamMomentum.Factor(o.Beta1, o.MomentumDecay, StepNumber + 1);
        var product = NAdamMomentum.Product(o.Beta1, o.MomentumDecay, StepNumber);
        var s = Math.Sqrt(StepScalars.BiasCorrection(o.Beta2, StepNumber));
        var m = State(0);
        var v = State(1);
        var t = Scratch(0);
        var u = Scratch(1);
        ComposedMoments(o.Beta1, o.Beta2, t);
        TensorPrimitives.Sqrt(v, t);
        TensorPrimitives.Add(t, (float)(o.Epsilon * s), t);
        TensorPrimitives.Multiply(Gradients, (float)(LearningRate * (1.0 - mu) / (1.0 - product) * s), u);
        TensorPrimitives.MultiplyAdd(m, (float)(LearningRate * muNext / (1.0 - (product * muNext)) * s), u, u);
        TensorPrimitives.Divide(u, t, t);
        TensorPrimitives.Subtract(Parameters, t, Parameters);
    }
}
