using System.Numerics.Tensors;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>
/// Adam, <c>m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g g; p = p - (s m) / (sqrt(v) + e)</c>: 28 bytes per
/// element (read p, g, m, v; write p, m, v). AdamW and AMSGrad are subclasses.
/// </summary>
public class AdamBenchmarks : RuleBenchmarks
{
    private static readonly AdamOptions Plain = new();

    public override OptimizerOptions RuleOptions => Options;

    protected virtual AdamOptions Options => Plain;

    protected override int ScratchCount => 2;

    protected override void CompiledCStep(int threads) => CompiledCSteps.Adam(Parameters, Gradients, State(0), State(1), State(2), Options, LearningRate, StepNumber, threads);

    protected override void ComposedStep()
    {
        var o = Options;
        var bc1 = StepScalars.BiasCorrection(o.Beta1, StepNumber);
        var sqrtBc2 = Math.Sqrt(StepScalars.BiasCorrection(o.Beta2, StepNumber));
        var stepSize = (float)(LearningRate * sqrtBc2 / bc1);
        var epsHat = (float)(o.Epsilon * sqrtBc2);
        var p = Parameters;
        var m = State(0);
        var v = State(1);
        var t = Scratch(0);
        var u = Scratch(1);
        if (o.DecoupledWeightDecay)
        {
            TensorPrimitives.Multiply(p, (float)(1.0 - (LearningRate * o.WeightDecay)), p);
        }

        ComposedMoments(o.Beta1, o.Beta2, t);
        Span<float> second = v;
        if (o.Amsgrad)
        {
            second = State(2);
            TensorPrimitives.Max(second, v, second);
        }

        TensorPrimitives.Sqrt(second, t);
        TensorPrimitives.Add(t, epsHat, t);
        TensorPrimitives.Multiply(m, stepSize, u);
        TensorPrimitives.Divide(u, t, t);
        TensorPrimitives.Subtract(p, t, p);
    }
}

/// <summary>AdamW (decoupled weight decay 0.01): Adam's 28 bytes per element plus one multiply.</summary>
public class AdamWBenchmarks : AdamBenchmarks
{
    private static readonly AdamOptions AdamW = AdamOptions.AdamW();

    protected override AdamOptions Options => AdamW;
}

/// <summary>AMSGrad: 36 bytes per element (read p, g, m, v, vmax; write p, m, v, vmax).</summary>
public class AmsGradBenchmarks : AdamBenchmarks
{
    private static readonly AdamOptions AmsGrad = new() { Amsgrad = true };

    protected override AdamOptions Options => AmsGrad;

    public override string Title => "AMSGrad";
}
