using System.Globalization;
using nietras.SeparatedValues;

namespace SimdOpt.Training.Data;

/// <summary>
/// Reads a table of examples from CSV with Sep (nietras.SeparatedValues): one example per row, any number of feature
/// columns and one label column of 0 or 1, invariant-culture numbers. The separator is detected from the first row
/// (comma, semicolon, tab or bar); quoted fields are unquoted and spaces around fields trimmed. The first row is a header
/// when any of its fields is not a number; without a header the columns are named <c>x1</c>, <c>x2</c>, ... and the
/// label column <c>label</c>. The label column is the one named by <c>labelColumn</c> (a header name, or a 1-based column
/// number), else the column named <c>label</c>, else the last. Blank rows are ignored. A malformed row throws
/// <see cref="InvalidDataException"/> naming its line, and nothing is returned.
/// </summary>
public static class CsvDataset
{
    /// <summary>The name of the label column when none is chosen, and of the last column of a table without a header.</summary>
    public const string DefaultLabelColumn = "label";

    /// <summary>Loads a CSV file.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="labelColumn">The label column's header name or 1-based number; null for the default.</param>
    /// <returns>The data set.</returns>
    public static Dataset Load(string path, string? labelColumn = null) => LoadTable(path, labelColumn).Data;

    /// <summary>Loads a CSV file with its column names.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="labelColumn">The label column's header name or 1-based number; null for the default.</param>
    /// <returns>The data set and the names of its feature and label columns.</returns>
    public static CsvTable LoadTable(string path, string? labelColumn = null)
    {
        using var reader = new StreamReader(path);
        return ParseTable(reader, path, labelColumn);
    }

    /// <summary>Parses CSV text.</summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="sourceName">The name used in error messages (a file name, say).</param>
    /// <param name="labelColumn">The label column's header name or 1-based number; null for the default.</param>
    /// <returns>The data set.</returns>
    public static Dataset Parse(TextReader reader, string sourceName, string? labelColumn = null) => ParseTable(reader, sourceName, labelColumn).Data;

    /// <summary>Parses CSV text with its column names.</summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="sourceName">The name used in error messages (a file name, say).</param>
    /// <param name="labelColumn">The label column's header name or 1-based number; null for the default.</param>
    /// <returns>The data set and the names of its feature and label columns.</returns>
    public static CsvTable ParseTable(TextReader reader, string sourceName, string? labelColumn = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var sep = Sep.Reader(o => o with
        {
            HasHeader = false,
            DisableColCountCheck = true,
            Unescape = true,
            Trim = SepTrim.All,
            CultureInfo = CultureInfo.InvariantCulture,
        }).From(reader);

        string[]? names = null;
        var label = -1;
        List<float>[] features = [];
        var labels = new List<float>();
        foreach (var row in sep)
        {
            // The row's last line: LineNumberToExcl is exact for every row (LineNumberFrom is not for the first).
            var line = row.LineNumberToExcl - 1;
            if (row.ColCount == 1 && row[0].Span.IsWhiteSpace())
            {
                continue;
            }

            if (names is null)
            {
                if (row.ColCount < 2)
                {
                    throw Error(sourceName, line, $"found {row.ColCount} value; a table needs feature columns and a label column");
                }

                var header = IsHeader(row);
                names = header ? HeaderNames(row) : DefaultNames(row.ColCount);
                label = LabelIndex(names, labelColumn, sourceName);
                if (!header && label != names.Length - 1)
                {
                    names = [.. Enumerable.Range(0, names.Length).Select(c => c == label ? DefaultLabelColumn : "x" + (c < label ? c + 1 : c).ToString(CultureInfo.InvariantCulture))];
                }

                features = [.. Enumerable.Range(0, names.Length - 1).Select(_ => new List<float>())];
                if (header)
                {
                    continue;
                }
            }

            if (row.ColCount != names.Length)
            {
                throw Error(sourceName, line, $"expected {names.Length} values ({string.Join(',', names)}) but found {row.ColCount}");
            }

            for (var c = 0; c < names.Length; c++)
            {
                var value = Number(row[c], names[c], sourceName, line);
                if (c == label)
                {
                    if (value is not (0f or 1f))
                    {
                        throw Error(sourceName, line, $"the label must be 0 or 1, got '{row[c].ToString()}'");
                    }

                    labels.Add(value);
                }
                else
                {
                    features[c < label ? c : c - 1].Add(value);
                }
            }
        }

        if (labels.Count == 0)
        {
            throw new InvalidDataException($"{sourceName}: no examples found; expected rows of feature values and a 0/1 label, e.g. x1,x2,{DefaultLabelColumn}.");
        }

        if ((long)features.Length * labels.Count > Array.MaxLength)
        {
            throw new InvalidDataException($"{sourceName}: {labels.Count} examples of {features.Length} features exceed the {Array.MaxLength} values a data set holds.");
        }

        var matrix = new float[features.Length * labels.Count];
        for (var f = 0; f < features.Length; f++)
        {
            features[f].CopyTo(matrix, f * labels.Count);
        }

        var featureNames = names!.Where((_, c) => c != label).ToArray();
        return new CsvTable(new Dataset(matrix, [.. labels], features.Length), featureNames, names![label]);
    }

    private static string[] HeaderNames(SepReader.Row row)
    {
        var names = new string[row.ColCount];
        for (var c = 0; c < names.Length; c++)
        {
            names[c] = row[c].ToString();
        }

        return names;
    }

    private static string[] DefaultNames(int columns) =>
        [.. Enumerable.Range(1, columns - 1).Select(c => "x" + c.ToString(CultureInfo.InvariantCulture)), DefaultLabelColumn];

    private static bool IsHeader(SepReader.Row row)
    {
        for (var c = 0; c < row.ColCount; c++)
        {
            if (!float.TryParse(row[c].Span, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return true;
            }
        }

        return false;
    }

    private static int LabelIndex(string[] names, string? labelColumn, string sourceName)
    {
        if (labelColumn is null)
        {
            var named = Array.IndexOf(names, DefaultLabelColumn);
            return named >= 0 ? named : names.Length - 1;
        }

        var byName = Array.IndexOf(names, labelColumn);
        if (byName >= 0)
        {
            return byName;
        }

        if (int.TryParse(labelColumn, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= names.Length)
        {
            return number - 1;
        }

        throw new InvalidDataException($"{sourceName}: no label column '{labelColumn}'; the columns are {string.Join(", ", names.Take(16))}{(names.Length > 16 ? ", ..." : "")} ({names.Length}; a number counts from 1).");
    }

    /// <summary>The field as a finite float: Sep's parser (csFastFloat, correctly rounded, invariant culture).</summary>
    private static float Number(SepReader.Col field, string column, string sourceName, int line) =>
        field.TryParse<float>() is { } value && float.IsFinite(value)
            ? value
            : throw Error(sourceName, line, $"{column} is not a finite number: '{field.ToString()}'");

    private static InvalidDataException Error(string sourceName, int line, string problem) =>
        new($"{sourceName}, line {line}: {problem}.");
}
