using ScottPlot;
using SimdOpt.Cli.Runs;
using SimdOpt.Training.Data;
using SimdOpt.Training.Network;

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

    /// <summary>The most plots per row of the grid.</summary>
    public const int MaxGridColumns = 4;

    /// <summary>The grid's file name.</summary>
    public const string GridFile = "boundaries.png";

    /// <summary>The cost curves' file name.</summary>
    public const string CostFile = "costs.png";

    /// <summary>The decision-boundary file name of a run.</summary>
    public static string BoundaryFile(RunOutcome outcome) => $"boundary-{outcome.Plan.Name}.png";

    /// <summary>
    /// The grid's rows and columns for <paramref name="runs"/> plots: as few rows as rows of at most
    /// <see cref="MaxGridColumns"/> allow, then as few columns as fill them, so the rows are balanced
    /// (8 plots: 2 x 4; 9 plots: 3 x 3; 5 plots: 2 x 3).
    /// </summary>
    public static (int Rows, int Columns) GridShape(int runs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        var rows = (runs + MaxGridColumns - 1) / MaxGridColumns;
        return (rows, (runs + rows - 1) / rows);
    }

    /// <summary>The grid's pixel size for <paramref name="runs"/> plots.</summary>
    public static PixelSize GridSize(int runs)
    {
        var (rows, columns) = GridShape(runs);
        return new PixelSize(columns * GridCellSize.Width, rows * GridCellSize.Height);
    }

    /// <summary>Writes one decision-boundary PNG of <see cref="BoundarySize"/> to <paramref name="path"/>.</summary>
    public static void WriteBoundary(string path, DenseNetwork network, string title, Dataset data)
    {
        PlotFonts.EnsureRegistered();
        var plot = new Plot();
        DecisionBoundaryPlot.Draw(plot, network, title, data);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, (int)BoundarySize.Width, (int)BoundarySize.Height);
    }

    /// <summary>Whether decision boundaries are drawn for <paramref name="data"/>: only over a plane, that is for two features.</summary>
    public static bool DrawsBoundaries(Dataset data) => data.FeatureCount == 2;

    /// <summary>Writes every PNG into <paramref name="folder"/>: the cost curves, and the decision boundaries when <see cref="DrawsBoundaries"/>.</summary>
    public static void Write(string folder, IReadOnlyList<RunOutcome> outcomes, Dataset data)
    {
        PlotFonts.EnsureRegistered();
        var cells = new List<Plot>();
        foreach (var outcome in DrawsBoundaries(data) ? outcomes : [])
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
            var (rows, columns) = GridShape(cells.Count);
            multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
            multiplot.SavePng(Path.Combine(folder, GridFile), (int)gridSize.Width, (int)gridSize.Height);
        }

        var costs = new Plot();
        CostCurvePlot.Draw(costs, outcomes);
        costs.SavePng(Path.Combine(folder, CostFile), (int)CostSize.Width, (int)CostSize.Height);
    }
}
