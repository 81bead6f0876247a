using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// Moves each parameter toward a target: <c>p = p + w * (target - p)</c> (difference, product, sum, each rounded).
/// The target comes in through the loop's read-only input (the gradient slot, untransformed); the rule has no
/// state, so one pass reads p and the target and writes p. Schedule-Free's train/eval switches use it with z as
/// the target.
/// </summary>
internal readonly struct LerpTowardRule(float weight) : IUpdateRule
{
    public GradientTransform Transform => default;

    public static int StateCount => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nuint RunWidth<TLane, TLoop>(ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLane : struct, ILane<TLane>
        where TLoop : struct, IWidthLoop<TLane> =>
        TLoop.Run(new Lanes<TLane>(weight), Transform, ref parameters, ref gradients, state, index, length);

    private readonly struct Lanes<TLane> : ILaneRule<TLane>
        where TLane : struct, ILane<TLane>
    {
        private readonly TLane _weight;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(float weight)
        {
            _weight = TLane.Create(weight);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
            => parameter += _weight * (gradient - parameter);
    }
}
