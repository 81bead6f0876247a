using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// The scalars of one RAdam step for one parameter group (see <see cref="RAdamRule{TRectified, TFlush}"/>);
/// <c>Rectified</c> chooses the rule's <c>TRectified</c>.
/// </summary>
internal readonly record struct RAdamScalars(GradientTransform Transform, bool Rectified, bool Decoupled, float Decay, MomentScalars Moments, float StepSize, float Epsilon) : IGroupUpdate
{
    public void Run<TFlush, TStorage>(Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
        where TStorage : struct, IStateStorage
    {
        if (Rectified)
        {
            UpdateLoop.Run<RAdamRule<On, TFlush>, TStorage>(new RAdamRule<On, TFlush>(this), parameters, gradients, state);
        }
        else
        {
            UpdateLoop.Run<RAdamRule<Off, TFlush>, TStorage>(new RAdamRule<Off, TFlush>(this), parameters, gradients, state);
        }
    }
}

/// <summary>
/// RAdam (states m, v): decoupled: <c>p = p * decay</c>; the moments of <see cref="AdamMoments{TFlush}"/>; then, on a
/// rectified step (<typeparamref name="TRectified"/> on) <c>p = p - (stepSize * m) / (sqrt(v) + eps)</c>, otherwise
/// <c>p = p - stepSize * m</c> (momentum SGD with bias correction; v is still updated).
/// </summary>
internal readonly struct RAdamRule<TRectified, TFlush>(RAdamScalars s) : IUpdateRule
    where TRectified : struct, IFlag
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
        private readonly TLane _stepSize;
        private readonly TLane _epsilon;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(RAdamScalars s)
        {
            _decoupled = s.Decoupled;
            _decay = TLane.Create(s.Decay);
            _moments = new(s.Moments);
            _stepSize = TLane.Create(s.StepSize);
            _epsilon = TLane.Create(s.Epsilon);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        {
            if (_decoupled)
            {
                parameter *= _decay;
            }

            AdamMoments<TFlush>.Update(ref state0, ref state1, gradient, _moments);
            if (TRectified.IsOn)
            {
                parameter -= (_stepSize * state0) / (TLane.Sqrt(state1) + _epsilon);
            }
            else
            {
                parameter -= _stepSize * state0;
            }
        }
    }
}
