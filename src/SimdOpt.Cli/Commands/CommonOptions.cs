using System.CommandLine;
using System.CommandLine.Parsing;

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

    /// <summary>Adds a validator that rejects values below <paramref name="minimum"/>.</summary>
    public static Option<T> AtLeast<T>(Option<T> option, T minimum)
        where T : IComparable<T>
    {
        option.Validators.Add(result => CheckAtLeast(result, option, minimum));
        return option;
    }

    /// <summary>Adds a validator that rejects a given value below <paramref name="minimum"/>.</summary>
    public static Option<T?> AtLeast<T>(Option<T?> option, T minimum)
        where T : struct, IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T?>() is { } value && value.CompareTo(minimum) < 0)
            {
                result.AddError($"{option.Name} must be at least {minimum}, got {value}.");
            }
        });
        return option;
    }

    private static void CheckAtLeast<T>(OptionResult result, Option<T> option, T minimum)
        where T : IComparable<T>
    {
        var value = result.GetValueOrDefault<T>();
        if (value is not null && value.CompareTo(minimum) < 0)
        {
            result.AddError($"{option.Name} must be at least {minimum}, got {value}.");
        }
    }
}
