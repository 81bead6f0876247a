using System.Globalization;

namespace SimdOpt.Training.Data;

/// <summary>
/// Reads two-feature data from CSV: one example per line, <c>x1,x2,label</c> with invariant-culture numbers and
/// labels 0 or 1. An optional first line <c>x1,x2,label</c> is a header; blank lines are ignored. Any other
/// malformed line throws <see cref="InvalidDataException"/> naming the line, and nothing is returned.
/// </summary>
public static class CsvDataset
{
    private const string Header = "x1,x2,label";

    /// <summary>Loads a CSV file.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The data set.</returns>
    public static Dataset Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Parses CSV text.</summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="sourceName">The name used in error messages (a file name, say).</param>
    /// <returns>The data set.</returns>
    public static Dataset Parse(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var x1 = new List<float>();
        var x2 = new List<float>();
        var labels = new List<float>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || (lineNumber == 1 && IsHeader(line)))
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 3)
            {
                throw Error(sourceName, lineNumber, $"expected 3 comma-separated values ({Header}) but found {fields.Length}");
            }

            x1.Add(ParseNumber(fields[0], "x1", sourceName, lineNumber));
            x2.Add(ParseNumber(fields[1], "x2", sourceName, lineNumber));
            var label = ParseNumber(fields[2], "label", sourceName, lineNumber);
            if (label is not (0f or 1f))
            {
                throw Error(sourceName, lineNumber, $"the label must be 0 or 1, got '{fields[2].Trim()}'");
            }

            labels.Add(label);
        }

        if (labels.Count == 0)
        {
            throw new InvalidDataException($"{sourceName}: no examples found; expected lines of the form {Header}.");
        }

        return new Dataset([.. x1, .. x2], [.. labels], 2);
    }

    private static bool IsHeader(string line) =>
        string.Equals(line.Replace(" ", "", StringComparison.Ordinal).Trim(), Header, StringComparison.OrdinalIgnoreCase);

    private static float ParseNumber(string field, string column, string sourceName, int lineNumber)
    {
        if (!float.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
        {
            throw Error(sourceName, lineNumber, $"{column} is not a finite number: '{field.Trim()}'");
        }

        return value;
    }

    private static InvalidDataException Error(string sourceName, int lineNumber, string problem) =>
        new($"{sourceName}, line {lineNumber}: {problem}.");
}
