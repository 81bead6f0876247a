using System.Globalization;
using SimdOpt.Cli.Runs;
using Spectre.Console;

namespace SimdOpt.Cli.Reports;

/// <summary>The results table printed after training.</summary>
internal static class ResultsTable
{
    /// <summary>One row per run: run name, (initial) learning rate, final cost, training accuracy, training time, steps per second.</summary>
    public static Table Build(IReadOnlyList<RunOutcome> outcomes)
    {
        var table = new Table()
            .AddColumn("run")
            .AddColumn(new TableColumn("lr").RightAligned())
            .AddColumn(new TableColumn("final cost").RightAligned())
            .AddColumn(new TableColumn("accuracy").RightAligned())
            .AddColumn(new TableColumn("time (s)").RightAligned())
            .AddColumn(new TableColumn("steps/s").RightAligned());
        foreach (var o in outcomes)
        {
            table.AddRow(
                Markup.Escape(o.Plan.Name),
                Format(o.Plan.Optimizer.LearningRate, "G4"),
                Format(o.Result.FinalCost, "F6") + (o.Diverged ? " diverged" : string.Empty),
                Format(o.Accuracy, "F4"),
                Format(o.Result.Elapsed.TotalSeconds, "F2"),
                Format(o.Result.StepsPerSecond, "N0"));
        }

        return table;
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
