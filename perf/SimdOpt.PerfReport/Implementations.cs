namespace SimdOpt.PerfReport;

/// <summary>
/// The benchmark methods every rule class shares: the six implementations in report order, with their display
/// names, and the two bandwidth ceilings each is judged against.
/// </summary>
internal static class Implementations
{
    public const string Reference = "Reference";
    public const string Composed = "TensorPrimitivesComposed";
    public const string OneThread = "SimdOpt1Thread";
    public const string TwoThreads = "SimdOpt2Threads";
    public const string CompiledC = "CompiledC";
    public const string CompiledC2Threads = "CompiledC2Threads";
    public const string CeilingOneThread = "BandwidthCeiling";
    public const string CeilingTwoThreads = "BandwidthCeiling2Threads";

    public static IReadOnlyList<string> All { get; } = [Reference, Composed, OneThread, CompiledC, TwoThreads, CompiledC2Threads];

    public static IReadOnlyList<string> Ceilings { get; } = [CeilingOneThread, CeilingTwoThreads];

    public static string Label(string method) => method switch
    {
        Reference => "Reference (naive loop)",
        Composed => "TensorPrimitives composed",
        OneThread => "SimdOpt, 1 thread",
        TwoThreads => "SimdOpt, 2 threads",
        CompiledC => "compiled C, 1 thread",
        CompiledC2Threads => "compiled C, 2 threads (OpenMP)",
        CeilingOneThread => "ceiling, 1 thread",
        CeilingTwoThreads => "ceiling, 2 threads",
        _ => method,
    };

    /// <summary>The ceiling an implementation is judged against: the two-thread stream for the two-thread step, else the one-thread stream.</summary>
    public static string CeilingFor(string method) => method is TwoThreads or CompiledC2Threads ? CeilingTwoThreads : CeilingOneThread;
}
