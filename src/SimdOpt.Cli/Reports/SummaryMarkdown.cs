using System.Globalization;
using System.Text;

namespace SimdOpt.Cli.Reports;

/// <summary>Writes <c>summary.md</c>: the setting, the results table, the notes and the plots.</summary>
internal static class SummaryMarkdown
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes the report to <paramref name="path"/>; the plot names are relative to its folder, <paramref name="gridPlot"/> null when no boundaries are drawn.</summary>
    public static void Write(string path, Summary summary, string? gridPlot, string costPlot)
    {
        var md = new StringBuilder();
        md.Append("# SimdOpt training comparison").Append('\n');
        md.Append('\n');
        md.Append(Invariant, $"Data: {summary.Data} ({summary.Examples} examples). Network: {string.Join(" -> ", summary.LayerSizes)} (ReLU hidden layers, sigmoid output), He initialisation with numpy seed {summary.InitializationSeed}.").Append('\n');
        md.Append(Invariant, $"{summary.Epochs} epochs, mini-batches of {summary.BatchSize} reshuffled every epoch (shuffle seed {summary.ShuffleSeed} + epoch), cost recorded every {summary.CostInterval} epochs. Wall time of all runs: {summary.WallSeconds:F2} s.").Append('\n');
        md.Append('\n');
        md.Append("| run | hyperparameters | final cost | accuracy | time (s) | steps/s |\n");
        md.Append("|---|---|---:|---:|---:|---:|\n");
        foreach (var run in summary.Runs)
        {
            var hyper = string.Join(", ", run.Hyperparameters.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Key} {h.Value:G6}")));
            if (run.Schedule is { } schedule)
            {
                hyper += schedule.Spec.StartsWith("plateau", StringComparison.Ordinal)
                    ? string.Create(Invariant, $", schedule `{schedule.Spec}` on the epoch cost (final lr {run.FinalLearningRate:G6})")
                    : $", schedule `{schedule.Spec}` by {schedule.By}";
            }

            if (run.AccumulationSteps > 1)
            {
                hyper += string.Create(Invariant, $", {run.AccumulationSteps} mini-batches per step");
            }

            if (run.Lookahead is { } lookahead)
            {
                hyper += string.Create(Invariant, $", Lookahead every {lookahead.SyncPeriod} steps, alpha {lookahead.Alpha:G6}");
            }

            if (run.Ema is { } ema)
            {
                hyper += string.Create(Invariant, $", EMA decay {ema.Decay:G6} (accuracy {ema.Accuracy:F4})");
            }

            md.Append(Invariant, $"| {run.Title} (`{run.Name}`) | {hyper} | {run.FinalCost:F6}{(run.Diverged ? " (diverged)" : string.Empty)} | {run.Accuracy:F4} | {run.Seconds:F2} | {run.StepsPerSecond:N0} |").Append('\n');
        }

        var notes = summary.Runs.Where(r => r.Note is not null).ToList();
        if (notes.Count > 0)
        {
            md.Append('\n');
            md.Append("Notes:\n");
            foreach (var run in notes)
            {
                md.Append(Invariant, $"- `{run.Name}`: {run.Note}").Append('\n');
            }
        }

        md.Append('\n');
        md.Append(gridPlot is null
            ? $"No decision boundaries: the data has {summary.LayerSizes[0]} features, not the two of a plane.\n"
            : $"![Decision boundaries]({gridPlot})\n");
        md.Append('\n');
        md.Append(Invariant, $"![Cost curves]({costPlot})").Append('\n');
        File.WriteAllText(path, md.ToString());
    }
}
