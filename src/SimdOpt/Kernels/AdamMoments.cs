using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// The two moment averages that Adam, NAdam and RAdam share, as one documented order of float operations:
/// <c>m = beta1 * m + (1 - beta1) * g</c>, then <c>v = beta2 * v + (1 - beta2) * (g * g)</c>, each flushed as
/// <see cref="SubnormalFlush{TFlush}"/> says when it is stored (the square from <see cref="SubnormalFlush{TFlush}.Square"/>).
/// </summary>
/// <typeparam name="TFlush">Whether <c>FlushSubnormals</c> is on.</typeparam>
internal static class AdamMoments<TFlush>
    where TFlush : struct, IFlag
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Update<TLane>(ref TLane first, ref TLane second, TLane gradient, in MomentLanes<TLane> s)
        where TLane : struct, ILane<TLane>
    {
        first = SubnormalFlush<TFlush>.State((s.Beta1 * first) + (s.OneMinusBeta1 * gradient));
        var square = SubnormalFlush<TFlush>.Square(gradient, s.SquareThreshold);
        second = SubnormalFlush<TFlush>.State((s.Beta2 * second) + (s.OneMinusBeta2 * square));
    }
}

/// <summary>The float coefficients of <see cref="AdamMoments{TFlush}"/>: each rounded once from double, and the flush threshold of the squared term.</summary>
internal readonly record struct MomentScalars(float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float SquareThreshold)
{
    /// <summary>The coefficients for betas given in double: <c>(float)beta</c> and <c>(float)(1 - beta)</c>.</summary>
    public static MomentScalars From(double beta1, double beta2) =>
        new((float)beta1, (float)(1.0 - beta1), (float)beta2, (float)(1.0 - beta2), SubnormalThreshold.ForSquareTerm((float)(1.0 - beta2)));
}

/// <summary><see cref="MomentScalars"/> broadcast to one lane width, once before the width's loop.</summary>
/// <typeparam name="TLane">The lane width.</typeparam>
internal readonly struct MomentLanes<TLane>
    where TLane : struct, ILane<TLane>
{
    public readonly TLane Beta1;

    public readonly TLane OneMinusBeta1;

    public readonly TLane Beta2;

    public readonly TLane OneMinusBeta2;

    public readonly TLane SquareThreshold;

    // Forced inline: otherwise the JIT calls it out of line and copies the 320-byte result into the rule's lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MomentLanes(MomentScalars s)
    {
        Beta1 = TLane.Create(s.Beta1);
        OneMinusBeta1 = TLane.Create(s.OneMinusBeta1);
        Beta2 = TLane.Create(s.Beta2);
        OneMinusBeta2 = TLane.Create(s.OneMinusBeta2);
        SquareThreshold = TLane.Create(s.SquareThreshold);
    }
}
