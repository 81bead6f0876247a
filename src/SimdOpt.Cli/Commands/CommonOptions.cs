using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using SimdOpt.Training.Data;

namespace SimdOpt.Cli.Commands;

/// <summary>Options both commands take.</summary>
internal static class CommonOptions
{
    /// <summary>The default output folder.</summary>
    public const string DefaultOutputFolder = "simdopt-out";

    /// <summary><c>--out</c>: the output folder.</summary>
    public static Option<string> Out() => new("--out", "-o")
    {
        Description = "Folder for summary.json, summary.md and the PNG plots (created if missing).",
        DefaultValueFactory = _ => DefaultOutputFolder,
        HelpName = "folder",
    };

    /// <summary><c>--epochs</c>: the number of epochs per run.</summary>
    public static Option<int> Epochs() => AtLeast(new Option<int>("--epochs", "-e")
    {
        Description = "Epochs per run (the course: 10000).",
        DefaultValueFactory = _ => 10_000,
    }, 1);

    /// <summary><c>--hidden</c>: the hidden layer widths (default 5 2, the course's).</summary>
    public static Option<int[]> Hidden()
    {
        var hidden = new Option<int[]>("--hidden")
        {
            Description = "Hidden layer widths, e.g. --hidden 5 2.",
            DefaultValueFactory = _ => [5, 2],
            AllowMultipleArgumentsPerToken = true,
        };
        hidden.CustomParser = result =>
        {
            var widths = new int[result.Tokens.Count];
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] = Parse(result, hidden.Name, result.Tokens[i].Value, 1) ?? 0;
            }

            return widths;
        };
        return hidden;
    }

    /// <summary><c>--label-column</c>: which column of a CSV table is the label.</summary>
    public static Option<string> LabelColumn() => new("--label-column")
    {
        Description = $"The label column of the --data table: a header name or a 1-based column number [default: the column named '{CsvDataset.DefaultLabelColumn}', else the last]; every other column is a feature.",
        HelpName = "name|number",
    };

    /// <summary>Parses the option's value in the invariant culture and rejects values below <paramref name="minimum"/>.</summary>
    public static Option<T> AtLeast<T>(Option<T> option, T minimum)
        where T : struct, IParsable<T>, IComparable<T>
    {
        option.CustomParser = result => Parse(result, option.Name, result.Tokens[0].Value, minimum) ?? default;
        return option;
    }

    /// <summary>Parses the optional option's value in the invariant culture and rejects values below <paramref name="minimum"/>.</summary>
    public static Option<T?> AtLeast<T>(Option<T?> option, T minimum)
        where T : struct, IParsable<T>, IComparable<T>
    {
        option.CustomParser = result => Parse(result, option.Name, result.Tokens[0].Value, minimum);
        return option;
    }

    /// <summary>Parses the optional option's value in the invariant culture and rejects values outside [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static Option<T?> Between<T>(Option<T?> option, T minimum, T maximum)
        where T : struct, IParsable<T>, IComparable<T>
    {
        option.CustomParser = result => Parse(result, option.Name, result.Tokens[0].Value, minimum, maximum);
        return option;
    }

    /// <summary>
    /// Accepts only a path that names an existing file: a folder or a missing path is a parse error saying which
    /// (System.CommandLine's <c>AcceptExistingOnly</c> accepts folders too, which then fail to open).
    /// </summary>
    public static Option<FileInfo> AcceptExistingFileOnly(this Option<FileInfo> option)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0)
            {
                return;
            }

            var path = result.Tokens[0].Value;
            if (Directory.Exists(path))
            {
                result.AddError($"{option.Name}: '{path}' is a folder; it must name a file.");
            }
            else if (!File.Exists(path))
            {
                result.AddError($"{option.Name}: the file '{path}' does not exist.");
            }
        });
        return option;
    }

    /// <summary>Parses <paramref name="text"/>; on a bad value, or one below <paramref name="minimum"/> or above <paramref name="maximum"/>, records an error on <paramref name="result"/> and returns null.</summary>
    public static T? Parse<T>(ArgumentResult result, string name, string text, T minimum, T? maximum = null)
        where T : struct, IParsable<T>, IComparable<T>
    {
        if (!T.TryParse(text, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{name}: '{text}' is not a valid {typeof(T).Name.ToLowerInvariant()}.");
            return null;
        }

        if (value.CompareTo(minimum) < 0)
        {
            result.AddError($"{name} must be at least {Convert.ToString(minimum, CultureInfo.InvariantCulture)}, got {text}.");
            return null;
        }

        if (maximum is { } most && value.CompareTo(most) > 0)
        {
            result.AddError($"{name} must be at most {Convert.ToString(most, CultureInfo.InvariantCulture)}, got {text}.");
            return null;
        }

        return value;
    }
}
