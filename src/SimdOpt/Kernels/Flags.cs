using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// A compile-time switch: rules generic over it are specialised by the JIT, so an option costs nothing when off.
/// <c>IsOn</c> is forced inline, so it stays a constant even where a large loop has spent the JIT's inlining budget.
/// </summary>
internal interface IFlag
{
    static abstract bool IsOn { get; }
}

/// <summary>The switch that is on.</summary>
internal readonly struct On : IFlag
{
    public static bool IsOn
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => true;
    }
}

/// <summary>The switch that is off.</summary>
internal readonly struct Off : IFlag
{
    public static bool IsOn
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => false;
    }
}
