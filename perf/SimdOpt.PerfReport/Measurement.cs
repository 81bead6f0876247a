namespace SimdOpt.PerfReport;

/// <summary>
/// One benchmark case from a BenchmarkDotNet JSON export: its median, mean and minimum time per operation and its
/// allocation. <see cref="Time"/> is the median unless <see cref="UseMinimum"/> (the run's fastest iteration, the
/// better estimate of the undisturbed cost on a machine busy with other work).
/// </summary>
internal sealed record Measurement(
    string Type,
    string Method,
    string Job,
    IReadOnlyDictionary<string, string> Parameters,
    double MedianNanoseconds,
    double MeanNanoseconds,
    double MinNanoseconds,
    long AllocatedBytes,
    string HardwareIntrinsics)
{
    public int Size => int.Parse(Parameters["Size"], System.Globalization.CultureInfo.InvariantCulture);

    public bool UseMinimum { get; init; }

    /// <summary>The statistic the report uses, in nanoseconds per step.</summary>
    public double Time => UseMinimum ? MinNanoseconds : MedianNanoseconds;

    /// <summary>Nanoseconds per element for one step.</summary>
    public double NanosecondsPerElement => Time / Size;
}
