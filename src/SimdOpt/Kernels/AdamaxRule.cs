using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>The scalars of one Adamax step for one parameter group (see <see cref="AdamaxRule{TFlush}"/>).</summary>
internal readonly record struct AdamaxScalars(GradientTransform Transform, float Beta1, float OneMinusBeta1, float Beta2, float Epsilon, float StepSize) : IGroupUpdate
{
    public void Run<TFlush, TStorage>(Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
        where TStorage : struct, IStateStorage =>
        UpdateLoop.Run<AdamaxRule<TFlush>, TStorage>(new AdamaxRule<TFlush>(this), parameters, gradients, state);
}

/// <summary>
/// Adamax (states m, u): <c>m = beta1 * m + (1 - beta1) * g</c>; <c>u = max(beta2 * u, |g| + eps)</c> (IEEE maximum:
/// NaN propagates); <c>p = p - (stepSize * m) / u</c>. With <typeparamref name="TFlush"/> on, m and u are flushed as they are stored.
/// </summary>
internal readonly struct AdamaxRule<TFlush>(AdamaxScalars s) : IUpdateRule
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
        private readonly TLane _beta1;
        private readonly TLane _oneMinusBeta1;
        private readonly TLane _beta2;
        private readonly TLane _epsilon;
        private readonly TLane _stepSize;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(AdamaxScalars s)
        {
            _beta1 = TLane.Create(s.Beta1);
            _oneMinusBeta1 = TLane.Create(s.OneMinusBeta1);
            _beta2 = TLane.Create(s.Beta2);
            _epsilon = TLane.Create(s.Epsilon);
            _stepSize = TLane.Create(s.StepSize);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        {
            state0 = SubnormalFlush<TFlush>.State((_beta1 * state0) + (_oneMinusBeta1 * gradient));
            state1 = SubnormalFlush<TFlush>.State(TLane.Max(_beta2 * state1, TLane.Abs(gradient) + _epsilon));
            parameter -= (_stepSize * state0) / state1;
        }
    }
}
