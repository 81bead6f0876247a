namespace SimdOpt.Kernels;

/// <summary>A compile-time switch: rules generic over it are specialised by the JIT, so an option costs nothing when off.</summary>
internal interface IFlag
{
    static abstract bool IsOn { get; }
}

/// <summary>The switch that is on.</summary>
internal readonly struct On : IFlag
{
    public static bool IsOn => true;
}

/// <summary>The switch that is off.</summary>
internal readonly struct Off : IFlag
{
    public static bool IsOn => false;
}
