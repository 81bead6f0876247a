using System.Globalization;
using System.Numerics.Tensors;
using ScottPlot;
using SimdOpt.Cli.Runs;
using SimdOpt.Training.Data;
using SimdOpt.Training.Network;

namespace SimdOpt.Cli.Plots;

/// <summary>
/// The model's predicted probability over the plane as a heatmap, with the training points on top. A diverged
/// model whose predictions are not all finite gets the points alone and a title saying so.
/// </summary>
internal static class DecisionBoundaryPlot
{
    private const int Columns = 240;
    private const int Rows = 160;
    private const double Margin = 0.5;

    private static readonly Color Class0 = Color.FromHex("#c0392b");
    private static readonly Color Class1 = Color.FromHex("#1f5fa8");
    private static readonly IColormap Shading = new ScottPlot.Colormaps.CustomInterpolated([Color.FromHex("#f5b7a8"), Color.FromHex("#f7f7f7"), Color.FromHex("#a9c8ec")]);

    /// <summary>Draws run <paramref name="outcome"/> on <paramref name="plot"/>.</summary>
    public static void Draw(Plot plot, RunOutcome outcome, Dataset data) =>
        Draw(plot, outcome.Network, string.Create(CultureInfo.InvariantCulture, $"{outcome.Plan.Title}: accuracy {outcome.Accuracy:F3}"), data, outcome.Diverged);

    /// <summary>
    /// Draws <paramref name="network"/>'s probabilities and <paramref name="data"/>'s points on <paramref name="plot"/> under
    /// <paramref name="title"/>, which gains " (diverged)" when <paramref name="diverged"/>, or a note when the predictions are not finite.
    /// </summary>
    public static void Draw(Plot plot, DenseNetwork network, string title, Dataset data, bool diverged = false)
    {
        var x1 = data.Feature(0);
        var x2 = data.Feature(1);
        var left = TensorPrimitives.Min(x1) - Margin;
        var right = TensorPrimitives.Max(x1) + Margin;
        var bottom = TensorPrimitives.Min(x2) - Margin;
        var top = TensorPrimitives.Max(x2) + Margin;

        var grid = new float[2 * Rows * Columns];
        var count = Rows * Columns;
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                grid[(r * Columns) + c] = (float)(left + ((c + 0.5) * (right - left) / Columns));
                grid[count + (r * Columns) + c] = (float)(top - ((r + 0.5) * (top - bottom) / Rows));
            }
        }

        var probabilities = new float[count];
        Prediction.Probabilities(network, grid, count, probabilities);
        var boundary = TensorPrimitives.IsFiniteAll<float>(probabilities);
        if (boundary)
        {
            AddHeatmap(plot, probabilities, new CoordinateRect(left, right, bottom, top));
        }

        AddPoints(plot, data, 0f, Class0, "label 0");
        AddPoints(plot, data, 1f, Class1, "label 1");

        var status = !boundary ? " (no decision boundary: predictions are NaN or infinite)" : diverged ? " (diverged)" : string.Empty;
        plot.Title(title + status);
        plot.XLabel("x1");
        plot.YLabel("x2");
        plot.Axes.SetLimits(left, right, bottom, top);
    }

    private static void AddHeatmap(Plot plot, float[] probabilities, CoordinateRect extent)
    {
        var intensities = new double[Rows, Columns];
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                intensities[r, c] = probabilities[(r * Columns) + c];
            }
        }

        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = Shading;
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.Extent = extent;
    }

    private static void AddPoints(Plot plot, Dataset data, float label, Color color, string legend)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (var j = 0; j < data.Count; j++)
        {
            if (data.Labels[j] == label)
            {
                xs.Add(data.Feature(0)[j]);
                ys.Add(data.Feature(1)[j]);
            }
        }

        var points = plot.Add.ScatterPoints(xs, ys, color);
        points.MarkerSize = 6;
        points.MarkerLineColor = Colors.White;
        points.MarkerLineWidth = 0.8f;
        points.LegendText = legend;
    }
}
