using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdOpt.Kernels;

/// <summary>
/// The widest lane the kernels use on the current thread: by default the widest the hardware accelerates.
/// Tests set <see cref="Forced"/> to run every width on every machine: a forced width runs whether or not the
/// hardware accelerates it (Vector512 runs in software on an AVX2 machine), and the narrower widths then take
/// the remainder as usual, so forcing <see cref="LaneWidth.Vector128"/> on an AVX-512 machine runs Vector128 and
/// scalar only. Every width gives the same bits, so the choice changes speed, never results.
/// <see cref="Threading.StepWorkers"/> hands the stepping thread's choice to its workers.
/// </summary>
internal static class LaneSelection
{
    [ThreadStatic]
    private static LaneWidth? t_forced;

    private static bool s_anyForced;

    /// <summary>The widest width the hardware accelerates (a constant to the JIT).</summary>
    public static LaneWidth Native
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.IsHardwareAccelerated ? LaneWidth.Vector512
            : Vector256.IsHardwareAccelerated ? LaneWidth.Vector256
            : Vector128.IsHardwareAccelerated ? LaneWidth.Vector128
            : LaneWidth.Scalar;
    }

    /// <summary>
    /// False until some thread forces a width: while it is false every thread uses <see cref="Native"/>, so the default
    /// path reads one static field and no thread-local.
    /// </summary>
    public static bool IsAnyForced => s_anyForced;

    /// <summary>The widest width the kernels use on this thread: <see cref="Forced"/> if set, else <see cref="Native"/>.</summary>
    public static LaneWidth Widest
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_anyForced ? t_forced ?? Native : Native;
    }

    /// <summary>The width forced on this thread, or null for the hardware's own.</summary>
    public static LaneWidth? Forced
    {
        get => s_anyForced ? t_forced : null;
        set
        {
            if (value is not null)
            {
                s_anyForced = true;
            }

            if (s_anyForced)
            {
                t_forced = value;
            }
        }
    }

    /// <summary>Whether <paramref name="width"/> runs in hardware here (otherwise a forced run emulates it in software).</summary>
    public static bool IsHardwareAccelerated(LaneWidth width) => width <= Native;
}
