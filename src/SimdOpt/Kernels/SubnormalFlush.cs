using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// The opt-in software flush of subnormal floats (<c>OptimizerOptions.FlushSubnormals</c>), written once for
/// every rule and lane width. With <typeparamref name="TFlush"/> off both methods return their input unchanged,
/// so the default path compiles to exactly the code it had without the option.
/// </summary>
/// <typeparam name="TFlush">Whether the flush is on.</typeparam>
internal static class SubnormalFlush<TFlush>
    where TFlush : struct, IFlag
{
    /// <summary>
    /// The squared-gradient factor of a rule whose squared term is <c>c * (g * g)</c>: <c>g * g</c>, or, with the
    /// flush on, <c>g2 * g2</c> with <c>g2 = |g| &lt; threshold ? +0 : g</c> (see <see cref="SubnormalThreshold.ForSquareTerm"/>;
    /// <paramref name="threshold"/> broadcast once per width by the rule).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane Square<TLane>(TLane g, TLane threshold)
        where TLane : struct, ILane<TLane>
    {
        if (TFlush.IsOn)
        {
            g = TLane.ZeroWhereMagnitudeBelow(g, threshold);
        }

        return g * g;
    }

    /// <summary>A state value as the step stores it: unchanged, or, with the flush on, <c>|s| &lt; 2^-126 ? +0 : s</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane State<TLane>(TLane state)
        where TLane : struct, ILane<TLane>
        => TFlush.IsOn ? TLane.ZeroWhereMagnitudeBelow(state, TLane.Create(SubnormalThreshold.SmallestNormal)) : state;
}
