using ScottPlot;
using SimdOpt.Cli.Runs;
using SimdOpt.Training.Data;

namespace SimdOpt.Cli.Plots;

/// <summary>Writes the PNGs: one decision boundary per run, a grid of all of them, and the cost curves.</summary>
internal static class PlotFiles
{
    /// <summary>The size of one decision-boundary plot.</summary>
    public static readonly PixelSize BoundarySize = new(640, 480);

    /// <summary>The size of one cell of the grid.</summary>
    public static readonly PixelSize GridCellSize = new(480, 360);

    /// <summary>The size of the cost-curve plot.</summary>
    public static readonly PixelSize CostSize = new(900, 560);

    /// <summary>The number of plots per row of the grid.</summary>
    public const int GridColumns = 4;

    /// <summary>The grid's file name.</summary>
    public const string GridFile = "boundaries.png";

    /// <summary>The cost curves' file name.</summary>
    public const string CostFile = "costs.png";

    /// <summary>The decision-boundary file name of a run.</summary>
    public static string BoundaryFile(RunOutcome outcome) => $"boundary-{outcome.Plan.Optimizer.Name}.png";

    /// <summary>The grid's pixel size for <paramref name="runs"/> plots.</summary>
    public static PixelSize GridSize(int runs)
    {
        var columns = Math.Min(runs, GridColumns);
        var rows = (runs + GridColumns - 1) / GridColumns;
        return new PixelSize(columns * GridCellSize.Width, rows * GridCellSize.Height);
    }

    /// <summary>Writes every PNG into <paramref name="folder"/>.</summary>
    public static void Write(string folder, IReadOnlyList<RunOutcome> outcomes, Dataset data)
    {
        PlotFonts.EnsureRegistered();
        var cells = new List<Plot>();
        foreach (var outcome in outcomes)
        {
            var single = new Plot();
            DecisionBoundaryPlot.Draw(single, outcome, data);
            single.ShowLegend(Alignment.LowerRight);
            single.SavePng(Path.Combine(folder, BoundaryFile(outcome)), (int)BoundarySize.Width, (int)BoundarySize.Height);

            var cell = new Plot();
            DecisionBoundaryPlot.Draw(cell, outcome, data);
            cells.Add(cell);
        }

        if (cells.Count > 0)
        {
            var multiplot = new Multiplot(cells[0]);
            foreach (var cell in cells.Skip(1))
            {
                multiplot.AddPlot(cell);
            }

            var gridSize = GridSize(cells.Count);
            multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid((cells.Count + GridColumns - 1) / GridColumns, Math.Min(cells.Count, GridColumns));
            multiplot.SavePng(Path.Combine(folder, GridFile), (int)gridSize.Width, (int)gridSize.Height);
        }

        var costs = new Plot();
        CostCurvePlot.Draw(costs, outcomes);
        costs.SavePng(Path.Combine(folder, CostFile), (int)CostSize.Width, (int)CostSize.Height);
    }
}
