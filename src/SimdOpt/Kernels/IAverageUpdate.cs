using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// What a step's own pass does to a running average of the parameters (<see cref="UpdateLoop"/>): once the rule has
/// computed an element's new parameter <c>p</c>, the average's element <c>a</c> becomes <see cref="Next"/>(a, p), with the
/// average's scalars broadcast once per width (<see cref="AverageLanes{TLane}"/>).
/// <see cref="IsOn"/> is a compile-time constant: off, the loop neither loads nor stores an average.
/// </summary>
internal interface IAverageUpdate
{
    static abstract bool IsOn { get; }

    /// <summary>The average's new value from its old one and the parameter the step has just written.</summary>
    static abstract TLane Next<TLane>(TLane average, TLane parameter, in AverageLanes<TLane> lanes)
        where TLane : struct, ILane<TLane>;
}

/// <summary>No average: the loop has no average stream.</summary>
internal readonly struct NoAverage : IAverageUpdate
{
    public static bool IsOn
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane Next<TLane>(TLane average, TLane parameter, in AverageLanes<TLane> lanes)
        where TLane : struct, ILane<TLane> => average;
}

/// <summary>The first update of an exponential average with warm-up: <c>a = p</c>.</summary>
internal readonly struct CopyAverage : IAverageUpdate
{
    public static bool IsOn
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane Next<TLane>(TLane average, TLane parameter, in AverageLanes<TLane> lanes)
        where TLane : struct, ILane<TLane> => parameter;
}
