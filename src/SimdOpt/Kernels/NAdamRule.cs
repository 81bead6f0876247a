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
    public nuint RunWidth<TLane, TLoop>(ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLane : struct, ILane<TLane>
        where TLoop : struct, IWidthLoop<TLane> =>
        TLoop.Run(new Lanes<TLane>(s), Transform, ref parameters, ref gradients, state, index, length);

    private readonly struct Lanes<TLane> : ILaneRule<TLane>
        where TLane : struct, ILane<TLane>
    {
        private readonly bool _decoupled;
        private readonly TLane _decay;
        private readonly MomentLanes<TLane> _moments;
        private readonly TLane _gradientStep;
        private readonly TLane _momentumStep;
        private readonly TLane _epsilonHat;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(NAdamScalars s)
        {
            _decoupled = s.Decoupled;
            _decay = TLane.Create(s.Decay);
            _moments = new(s.Moments);
            _gradientStep = TLane.Create(s.GradientStep);
            _momentumStep = TLane.Create(s.MomentumStep);
            _epsilonHat = TLane.Create(s.EpsilonHat);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        {
            if (_decoupled)
            {
                parameter *= _decay;
            }

            AdamMoments<TFlush>.Update(ref state0, ref state1, gradient, _moments);
            parameter -= ((_gradientStep * gradient) + (_momentumStep * state0)) / (TLane.Sqrt(state1) + _epsilonHat);
        }
    }
}
