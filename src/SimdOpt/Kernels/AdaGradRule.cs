using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>The scalars of one AdaGrad step for one parameter group; <c>DecayedLearningRate</c> is clr.</summary>
internal readonly record struct AdaGradScalars(GradientTransform Transform, float DecayedLearningRate, float Epsilon) : IGroupUpdate
{
    public void Run<TFlush, TStorage>(Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
        where TStorage : struct, IStateStorage =>
        UpdateLoop.Run<AdaGradRule<TFlush>, TStorage>(new AdaGradRule<TFlush>(this), parameters, gradients, state);
}

/// <summary>
/// AdaGrad (state 0 = s): <c>s = s + g * g; p = p - clr * (g / (sqrt(s) + eps))</c>; with
/// <typeparamref name="TFlush"/> on, <c>g * g</c> (threshold <see cref="SubnormalThreshold.UnitCoefficient"/>) and s are
/// flushed as <see cref="SubnormalFlush{TFlush}"/> says.
/// </summary>
internal readonly struct AdaGradRule<TFlush>(AdaGradScalars s) : IUpdateRule
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
        private readonly TLane _squareThreshold;
        private readonly TLane _decayedLearningRate;
        private readonly TLane _epsilon;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(AdaGradScalars s)
        {
            _squareThreshold = TLane.Create(SubnormalThreshold.UnitCoefficient);
            _decayedLearningRate = TLane.Create(s.DecayedLearningRate);
            _epsilon = TLane.Create(s.Epsilon);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        {
            state0 = SubnormalFlush<TFlush>.State(state0 + SubnormalFlush<TFlush>.Square(gradient, _squareThreshold));
            parameter -= _decayedLearningRate * (gradient / (TLane.Sqrt(state0) + _epsilon));
        }
    }
}
