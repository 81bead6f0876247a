using System.Numerics.Tensors;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;

namespace SimdOpt.Benchmarks.Rules;

/// <summary>
/// Adadelta, <c>v = r v + (1 - r) g g; d = sqrt((u + e) / (v + e)) g; u = r u + (1 - r) d d; p = p - lr d</c>: 28 bytes
/// per element (read p, g, v, u; write p, v, u).
/// </summary>
public class AdadeltaBenchmarks : RuleBenchmarks
{
    private static readonly AdadeltaOptions Options = new();

    public override OptimizerOptions RuleOptions => Options;

    protected override int ScratchCount => 2;

    protected override void CompiledCStep(int threads) => CompiledCSteps.Adadelta(Parameters, Gradients, State(0), State(1), Options, LearningRate, threads);

    protected override void ComposedStep()
    {
        var rho = (float)Options.Rho;
        var oneMinusRho = (float)(1.0 - Options.Rho);
        var eps = (float)Options.Epsilon;
        var v = State(0);
        var u = State(1);
        var t = Scratch(0);
        var s = Scratch(1);
        TensorPrimitives.Multiply(Gradients, Gradients, t);
        TensorPrimitives.Multiply(v, rho, v);
        TensorPrimitives.MultiplyAdd(t, oneMinusRho, v, v);
        TensorPrimitives.Add(u, eps, t);
        TensorPrimitives.Add(v, eps, s);
        TensorPrimitives.Divide(t, s, t);
        TensorPrimitives.Sqrt(t, t);
        TensorPrimitives.Multiply(t, Gradients, t);
        TensorPrimitives.Multiply(u, rho, u);
        TensorPrimitives.Multiply(t, t, s);
        TensorPrimitives.MultiplyAdd(s, oneMinusRho, u, u);
        TensorPrimitives.MultiplyAdd(t, -(float)LearningRate, Parameters, Parameters);
    }
}
