using System.Text.Json;

namespace SimdOpt.Cli.Reports;

/// <summary>Writes <c>summary.json</c>.</summary>
internal static class SummaryJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Serialises the summary to <paramref name="path"/>.</summary>
    public static void Write(string path, Summary summary) => File.WriteAllText(path, JsonSerializer.Serialize(summary, Options));
}
