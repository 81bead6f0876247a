using System.Globalization;
using System.Text.Json;

namespace SimdOpt.Training.Tests;

/// <summary>Values numpy's legacy generator produced, from TestData/numpy-legacy-rng-fingerprints.json.</summary>
internal static class Fingerprints
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "numpy-legacy-rng-fingerprints.json"))).RootElement);

    public static double[] Doubles(string key) => [.. Root.Value.GetProperty(key).EnumerateArray().Select(AsDouble)];

    public static int[] Ints(string key) => [.. Root.Value.GetProperty(key).EnumerateArray().Select(e => e.GetInt32())];

    public static double[,] Matrix(string key, string name)
    {
        var rows = Root.Value.GetProperty(key).GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(AsDouble).ToArray()).ToArray();
        var matrix = new double[rows.Length, rows[0].Length];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var k = 0; k < rows[i].Length; k++)
            {
                matrix[i, k] = rows[i][k];
            }
        }

        return matrix;
    }

    private static double AsDouble(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetDouble();
}
