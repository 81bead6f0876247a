using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// Lookahead's synchronisation of slow and fast weights; <see cref="UpdateLoop"/>'s "parameter" is the fast weight
/// <c>f</c>, state 0 the slow weight <c>s</c> (the gradient input is not used):
/// <c>s = s + alpha * (f - s)</c> (a difference, a product, a sum), then <c>f = s</c>.
/// </summary>
internal readonly struct LookaheadRule(float alpha) : IUpdateRule
{
    public static int StateCount => 1;

    public GradientTransform Transform => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nuint RunWidth<TLane, TLoop>(ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLane : struct, ILane<TLane>
        where TLoop : struct, IWidthLoop<TLane> =>
        TLoop.Run(new Lanes<TLane>(alpha), Transform, ref parameters, ref gradients, state, index, length);

    private readonly struct Lanes<TLane> : ILaneRule<TLane>
        where TLane : struct, ILane<TLane>
    {
        private readonly TLane _alpha;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(float alpha)
        {
            _alpha = TLane.Create(alpha);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        {
            state0 += _alpha * (parameter - state0);
            parameter = state0;
        }
    }
}
