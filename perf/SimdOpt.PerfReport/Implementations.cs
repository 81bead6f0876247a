namespace SimdOpt.PerfReport;

/// <summary>The benchmark methods every rule class shares, in report order, with their display names.</summary>
internal static class Implementations
{
    public const string Reference = "Reference";
    public const string Composed = "TensorPrimitivesComposed";
    public const string OneThread = "SimdOpt1Thread";
    public const string TwoThreads = "SimdOpt2Threads";

    public static IReadOnlyList<string> All { get; } = [Reference, Composed, OneThread, TwoThreads];

    public static string Label(string method) => method switch
    {
        Reference => "Reference (naive loop)",
        Composed => "TensorPrimitives composed",
        OneThread => "SimdOpt, 1 thread",
        TwoThreads => "SimdOpt, 2 threads",
        _ => method,
    };
}
