using System.Text.Json;
using System.Text.Json.Serialization;

namespace SimdOpt.Cli.Reports;

/// <summary>
/// Writes <c>summary.json</c>. A diverged run's NaN and infinite numbers are written as the JSON strings
/// <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c> (System.Text.Json's
/// <see cref="JsonNumberHandling.AllowNamedFloatingPointLiterals"/>); finite numbers stay JSON numbers.
/// </summary>
internal static class SummaryJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Serialises the summary to <paramref name="path"/>.</summary>
    public static void Write(string path, Summary summary) => File.WriteAllText(path, JsonSerializer.Serialize(summary, Options));
}
