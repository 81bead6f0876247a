using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>The scalars of one Lion step for one parameter group (see <see cref="LionRule{TFlush}"/>).</summary>
internal readonly record struct LionScalars(
    GradientTransform Transform, float LearningRate, bool Decays, float WeightDecay, float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2) : IGroupUpdate
{
    public void Run<TFlush, TStorage>(Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
        where TStorage : struct, IStateStorage =>
        UpdateLoop.Run<LionRule<TFlush>, TStorage>(new LionRule<TFlush>(this), parameters, gradients, state);
}

/// <summary>
/// Lion (state 0 = m): <c>c = beta1 * m + (1 - beta1) * g</c>; <c>d = sign(c)</c>, plus <c>wd * p</c> when the
/// group decays; <c>p = p - lr * d</c>; <c>m = beta2 * m + (1 - beta2) * g</c> (from the old m).
/// <c>sign</c> is <see cref="ILane{TSelf}.Sign"/>. With <typeparamref name="TFlush"/> on, m is flushed as it is stored.
/// </summary>
internal readonly struct LionRule<TFlush>(LionScalars s) : IUpdateRule
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
        private readonly TLane _beta1;
        private readonly TLane _oneMinusBeta1;
        private readonly bool _decays;
        private readonly TLane _weightDecay;
        private readonly TLane _learningRate;
        private readonly TLane _beta2;
        private readonly TLane _oneMinusBeta2;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(LionScalars s)
        {
            _beta1 = TLane.Create(s.Beta1);
            _oneMinusBeta1 = TLane.Create(s.OneMinusBeta1);
            _decays = s.Decays;
            _weightDecay = TLane.Create(s.WeightDecay);
            _learningRate = TLane.Create(s.LearningRate);
            _beta2 = TLane.Create(s.Beta2);
            _oneMinusBeta2 = TLane.Create(s.OneMinusBeta2);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        {
            var direction = TLane.Sign((_beta1 * state0) + (_oneMinusBeta1 * gradient));
            if (_decays)
            {
                direction += _weightDecay * parameter;
            }

            parameter -= _learningRate * direction;
            state0 = SubnormalFlush<TFlush>.State((_beta2 * state0) + (_oneMinusBeta2 * gradient));
        }
    }
}
