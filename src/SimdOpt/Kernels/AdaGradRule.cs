using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>AdaGrad (state 0 = s): <c>s = s + g * g; p = p - clr * (g / (sqrt(s) + eps))</c>.</summary>
internal readonly struct AdaGradRule(GradientTransform transform, float decayedLearningRate, float epsilon) : IUpdateRule
{
    public GradientTransform Transform => transform;

    public static int StateCount => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLane>(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        where TLane : struct, ILane<TLane>
    {
        state0 += gradient * gradient;
        parameter -= TLane.Create(decayedLearningRate) * (gradient / (TLane.Sqrt(state0) + TLane.Create(epsilon)));
    }
}
