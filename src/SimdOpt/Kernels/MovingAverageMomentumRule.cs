using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>The scalars of one moving-average momentum step for one parameter group.</summary>
internal readonly record struct MovingAverageMomentumScalars(GradientTransform Transform, float LearningRate, float Beta, float OneMinusBeta) : IGroupUpdate
{
    public void Run<TFlush, TStorage>(Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
        where TStorage : struct, IStateStorage =>
        UpdateLoop.Run<MovingAverageMomentumRule<TFlush>, TStorage>(new MovingAverageMomentumRule<TFlush>(this), parameters, gradients, state);
}

/// <summary>
/// The seed's momentum (state 0 = v): <c>v = beta * v + (1 - beta) * g; p = p - lr * v</c>; with
/// <typeparamref name="TFlush"/> on, v is flushed as <see cref="SubnormalFlush{TFlush}"/> says.
/// </summary>
internal readonly struct MovingAverageMomentumRule<TFlush>(MovingAverageMomentumScalars s) : IUpdateRule
    where TFlush : struct, IFlag
{
    public GradientTransform Transform => s.Transform;

    public static int StateCount => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nuint RunWidth<TLane, TLoop>(ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLane : struct, ILane<TLane>
        where TLoop : struct, IWidthLoop<TLane> =>
        TLoop.Run(new Lanes<TLane>(s), Transform, ref parameters, ref gradients, state, index, length);

    private readonly struct Lanes<TLane> : ILaneRule<TLane>
        where TLane : struct, ILane<TLane>
    {
        private readonly TLane _beta;
        private readonly TLane _oneMinusBeta;
        private readonly TLane _learningRate;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(MovingAverageMomentumScalars s)
        {
            _beta = TLane.Create(s.Beta);
            _oneMinusBeta = TLane.Create(s.OneMinusBeta);
            _learningRate = TLane.Create(s.LearningRate);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        {
            state0 = SubnormalFlush<TFlush>.State((_beta * state0) + (_oneMinusBeta * gradient));
            parameter -= _learningRate * state0;
        }
    }
}
