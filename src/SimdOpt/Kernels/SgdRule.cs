using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>Plain SGD: <c>p = p - lr * g</c>.</summary>
internal readonly struct SgdRule(GradientTransform transform, float learningRate) : IUpdateRule
{
    public GradientTransform Transform => transform;

    public static int StateCount => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLane>(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        where TLane : struct, ILane<TLane>
    {
        parameter -= TLane.Create(learningRate) * gradient;
    }
}
