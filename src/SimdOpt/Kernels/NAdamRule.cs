using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>The scalars of one NAdam step for one parameter group (see <see cref="NAdamRule{TFlush}"/>).</summary>
internal readonly record struct NAdamScalars(
    GradientTransform Transform, bool Decoupled, float Decay, MomentScalars Moments, float GradientStep, float MomentumStep, float EpsilonHat) : IGroupUpdate
{
    public void Run<TFlush, TStorage>(Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
        where TStorage : struct, IStateStorage =>
        UpdateLoop.Run<NAdamRule<TFlush>, TStorage>(new NAdamRule<TFlush>(this), parameters, gradients, state);
}

/// <summary>
/// NAdam (states m, v): decoupled: <c>p = p * decay</c>; the moments of <see cref="AdamMoments{TFlush}"/>;
/// <c>p = p - ((gradientStep * g) + (momentumStep * m)) / (sqrt(v) + epsHat)</c>.
/// </summary>
internal readonly struct NAdamRule<TFlush>(NAdamScalars s) : IUpdateRule
    where TFlush : struct, IFlag
{
    public GradientTransform Transform => s.Transform;

    public static int StateCount => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLane>(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        where TLane : struct, ILane<TLane>
    {
        if (s.Decoupled)
        {
            parameter *= TLane.Create(s.Decay);
        }

        AdamMoments<TFlush>.Update(ref state0, ref state1, gradient, s.Moments);
        parameter -= ((TLane.Create(s.GradientStep) * gradient) + (TLane.Create(s.MomentumStep) * state0)) / (TLane.Sqrt(state1) + TLane.Create(s.EpsilonHat));
    }
}
