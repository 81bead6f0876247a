using ScottPlot;
using SimdOpt.Cli.Runs;

namespace SimdOpt.Cli.Plots;

/// <summary>Every run's recorded cost against the epoch, one line per run.</summary>
internal static class CostCurvePlot
{
    /// <summary>Draws the curves on <paramref name="plot"/>.</summary>
    public static void Draw(Plot plot, IReadOnlyList<RunOutcome> outcomes)
    {
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < outcomes.Count; i++)
        {
            var costs = outcomes[i].Result.Costs;
            var epochs = costs.Select(c => (double)c.Epoch).ToArray();
            var values = costs.Select(c => c.Cost).ToArray();
            var line = plot.Add.ScatterLine(epochs, values, palette.GetColor(i));
            line.LineWidth = 2;
            line.LegendText = outcomes[i].Plan.Name;
        }

        plot.Title("Training cost");
        plot.XLabel("epoch");
        plot.YLabel("cost (average over the training set)");
        plot.ShowLegend(Alignment.UpperRight);
    }
}
