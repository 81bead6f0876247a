using SimdOpt.Cli.Plots;
using SimdOpt.Cli.Runs;

namespace SimdOpt.Cli.Reports;

/// <summary>Writes everything a run set produces into the output folder: summary.json, summary.md and the PNGs.</summary>
internal static class ReportWriter
{
    /// <summary>The JSON summary's file name.</summary>
    public const string JsonFile = "summary.json";

    /// <summary>The Markdown summary's file name.</summary>
    public const string MarkdownFile = "summary.md";

    /// <summary>Writes the files and returns their paths.</summary>
    public static IReadOnlyList<string> Write(string folder, Experiment experiment, IReadOnlyList<RunOutcome> outcomes, TimeSpan wallTime)
    {
        Directory.CreateDirectory(folder);
        var boundaries = PlotFiles.DrawsBoundaries(experiment.Data);
        var options = experiment.Training;
        var summary = new Summary(
            experiment.DataSource,
            experiment.Data.Count,
            experiment.LayerSizes,
            experiment.InitializationSeed,
            options.ShuffleSeed,
            options.BatchSize,
            options.Epochs,
            options.CostInterval,
            wallTime.TotalSeconds,
            [.. outcomes.Select(o => RunSummary.From(o, boundaries ? PlotFiles.BoundaryFile(o) : null))]);
        SummaryJson.Write(Path.Combine(folder, JsonFile), summary);
        SummaryMarkdown.Write(Path.Combine(folder, MarkdownFile), summary, boundaries ? PlotFiles.GridFile : null, PlotFiles.CostFile);
        PlotFiles.Write(folder, outcomes, experiment.Data);
        return boundaries
            ? [JsonFile, MarkdownFile, .. outcomes.Select(PlotFiles.BoundaryFile), PlotFiles.GridFile, PlotFiles.CostFile]
            : [JsonFile, MarkdownFile, PlotFiles.CostFile];
    }
}
