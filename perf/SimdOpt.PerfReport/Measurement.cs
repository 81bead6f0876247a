namespace SimdOpt.PerfReport;

/// <summary>One benchmark case from a BenchmarkDotNet JSON export: its median time per operation and allocation.</summary>
internal sealed record Measurement(
    string Type,
    string Method,
    string Job,
    IReadOnlyDictionary<string, string> Parameters,
    double MedianNanoseconds,
    double MeanNanoseconds,
    long AllocatedBytes,
    string HardwareIntrinsics)
{
    public int Size => int.Parse(Parameters["Size"], System.Globalization.CultureInfo.InvariantCulture);

    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>Nanoseconds per element for one step.</summary>
    public double NanosecondsPerElement => MedianNanoseconds / Size;
}
