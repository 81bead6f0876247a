using System.Globalization;
using System.Text.Json;

namespace SimdOpt.PerfReport;

/// <summary>
/// Reads BenchmarkDotNet's JSON exports (<c>--exporters json</c>): every <c>*-report-full*.json</c> in a folder. A case
/// run in process has no instruction sets of its own in the export; it gets those the suite wrote beside the results
/// (<c>host-instruction-sets.txt</c>, the benchmark process's own).
/// </summary>
internal static class ResultReader
{
    private const string HostInstructionSetsFile = "host-instruction-sets.txt";

    public static (List<Measurement> Measurements, HostInfo Host) ReadFolder(string folder)
    {
        var measurements = new List<Measurement>();
        var hostSetsPath = Path.Combine(folder, HostInstructionSetsFile);
        var hostSets = File.Exists(hostSetsPath) ? File.ReadAllText(hostSetsPath).Trim() + " (the benchmark process's own: run in process)" : "";
        HostInfo? host = null;
        foreach (var file in Directory.EnumerateFiles(folder, "*-report-full*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var root = document.RootElement;
            host ??= HostInfo.From(root.GetProperty("HostEnvironmentInfo"));
            foreach (var benchmark in root.GetProperty("Benchmarks").EnumerateArray())
            {
                if (!benchmark.TryGetProperty("Statistics", out var statistics) || statistics.ValueKind != JsonValueKind.Object)
                {
                    continue; // a failed case has no statistics
                }

                measurements.Add(new Measurement(
                    benchmark.GetProperty("Type").GetString()!,
                    benchmark.GetProperty("Method").GetString()!,
                    JobOf(benchmark.GetProperty("DisplayInfo").GetString()!),
                    ParseParameters(benchmark.GetProperty("Parameters").GetString()!),
                    statistics.GetProperty("Median").GetDouble(),
                    statistics.GetProperty("Mean").GetDouble(),
                    statistics.GetProperty("Min").GetDouble(),
                    benchmark.GetProperty("Memory").GetProperty("BytesAllocatedPerOperation").GetInt64(),
                    benchmark.TryGetProperty("HardwareIntrinsics", out var hw) && hw.GetString() is { Length: > 0 } recorded ? recorded : hostSets));
            }
        }

        return (measurements, host ?? HostInfo.Unknown);
    }

    /// <summary>"Type.Method: JobId(characteristics) [Params]" → JobId.</summary>
    private static string JobOf(string displayInfo)
    {
        var colon = displayInfo.IndexOf(": ", StringComparison.Ordinal);
        var rest = colon < 0 ? displayInfo : displayInfo[(colon + 2)..];
        var end = rest.IndexOfAny(['(', ' ', '[']);
        return end < 0 ? rest : rest[..end];
    }

    private static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                result[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        return result;
    }
}

/// <summary>The machine a run measured.</summary>
internal sealed record HostInfo(string Processor, int Cores, string Os, string Runtime, string BenchmarkDotNet)
{
    public static HostInfo Unknown { get; } = new("unknown", 0, "unknown", "unknown", "unknown");

    public static HostInfo From(JsonElement e) => new(
        e.GetProperty("ProcessorName").GetString() ?? "unknown",
        e.GetProperty("LogicalCoreCount").GetInt32(),
        e.GetProperty("OsVersion").GetString() ?? "unknown",
        e.GetProperty("RuntimeVersion").GetString() ?? "unknown",
        e.GetProperty("BenchmarkDotNetVersion").GetString() ?? "unknown");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Processor}, {Cores} logical cores, {Os}, {Runtime}, BenchmarkDotNet {BenchmarkDotNet}");
}
