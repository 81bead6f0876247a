using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>The seed's momentum (state 0 = v): <c>v = beta * v + (1 - beta) * g; p = p - lr * v</c>.</summary>
internal readonly struct MovingAverageMomentumRule(GradientTransform transform, float learningRate, float beta, float oneMinusBeta) : IUpdateRule
{
    public GradientTransform Transform => transform;

    public static int StateCount => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLane>(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        where TLane : struct, ILane<TLane>
    {
        state0 = (TLane.Create(beta) * state0) + (TLane.Create(oneMinusBeta) * gradient);
        parameter -= TLane.Create(learningRate) * state0;
    }
}
