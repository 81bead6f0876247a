using SimdOpt.Optimizers;

namespace SimdOpt.Reference;

/// <summary>
/// <see cref="OptimizerOptions.FlushSubnormals"/> for the reference rules, written from its documentation
/// independently of the kernels.
/// </summary>
internal static class ReferenceFlush
{
    private static readonly float SmallestNormal = MathF.ScaleB(1f, -126);

    /// <summary><c>T = max(2^-63, sqrt(2^-126 / c))</c> in double, rounded up to a float.</summary>
    public static float Threshold(float coefficient)
    {
        var t = Math.Sqrt(Math.ScaleB(1.0, -126) / coefficient);
        if (t < Math.ScaleB(1.0, -63))
        {
            t = Math.ScaleB(1.0, -63);
        }

        var f = (float)t;
        if (f < t)
        {
            f = MathF.BitIncrement(f);
        }

        return f;
    }

    /// <summary>The value whose square enters the squared term: g, or 0 when flushing and <c>|g| &lt; threshold</c>.</summary>
    public static float SquaredTermGradient(float g, float threshold, bool flush) =>
        flush && MathF.Abs(g) < threshold ? 0f : g;

    /// <summary>A state as stored: s, or +0 when flushing and <c>|s| &lt; 2^-126</c>.</summary>
    public static float State(float s, bool flush) =>
        flush && MathF.Abs(s) < SmallestNormal ? 0f : s;
}
