using ScottPlot;
using SimdOpt.Cli.Runs;

namespace SimdOpt.Cli.Plots;

/// <summary>
/// Every run's recorded cost against the epoch, one line per run. A diverged run draws its finite costs only
/// and says "(diverged)" in the legend; NaN or infinite points would leave the axes without limits.
/// </summary>
internal static class CostCurvePlot
{
    /// <summary>Draws the curves on <paramref name="plot"/>.</summary>
    public static void Draw(Plot plot, IReadOnlyList<RunOutcome> outcomes)
    {
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < outcomes.Count; i++)
        {
            var finite = outcomes[i].Result.Costs.Where(c => double.IsFinite(c.Cost)).ToArray();
            var epochs = finite.Select(c => (double)c.Epoch).ToArray();
            var values = finite.Select(c => c.Cost).ToArray();
            var line = plot.Add.ScatterLine(epochs, values, palette.GetColor(i));
            line.LineWidth = 2;
            line.LegendText = outcomes[i].Diverged ? $"{outcomes[i].Plan.Name} (diverged)" : outcomes[i].Plan.Name;
        }

        plot.Title("Training cost");
        plot.XLabel("epoch");
        plot.YLabel("cost (average over the training set)");
        plot.ShowLegend(Alignment.UpperRight);
    }
}
