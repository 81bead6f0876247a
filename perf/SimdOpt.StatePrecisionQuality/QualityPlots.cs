using ScottPlot;
using SimdOpt.Cli.Plots;

namespace SimdOpt.StatePrecisionQuality;

/// <summary>The report's PNGs: the loss curves of every variant beside the teacher's, and the distance to float32 on a log scale.</summary>
internal static class QualityPlots
{
    public const string LossFile = "loss.png";

    public const string DistanceFile = "distance.png";

    private const int Width = 900;

    private const int Height = 560;

    public static void WriteLoss(string path, QualityResult result)
    {
        PlotFonts.EnsureRegistered();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var steps = result.Curve.Select(p => (double)p.Step).ToArray();
        for (var k = 0; k < result.Variants.Count; k++)
        {
            var line = plot.Add.ScatterLine(steps, result.Curve.Select(p => p.MeanLoss[k]).ToArray(), palette.GetColor(k));
            line.LineWidth = k == 0 ? 3 : 1.5f;
            line.LegendText = result.Variants[k].Name;
        }

        var teacher = plot.Add.ScatterLine(steps, result.Curve.Select(p => p.TeacherLoss).ToArray(), Colors.Gray);
        teacher.LinePattern = LinePattern.Dashed;
        teacher.LegendText = "teacher (the floor)";
        plot.Title($"Adam, softmax regression ({result.ParameterCount:N0} parameters): training loss");
        plot.XLabel("step");
        plot.YLabel($"mini-batch cross-entropy, mean over {result.Settings.Window} steps");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    public static void WriteDistance(string path, QualityResult result)
    {
        PlotFonts.EnsureRegistered();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var k = 1; k < result.Variants.Count; k++)
        {
            var points = result.Curve.Where(p => p.Distance[k] > 0).ToArray();
            var line = plot.Add.ScatterLine(points.Select(p => (double)p.Step).ToArray(), points.Select(p => Math.Log10(p.Distance[k])).ToArray(), palette.GetColor(k));
            line.LineWidth = 2;
            line.LegendText = result.Variants[k].Name;
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Title("Relative L2 distance of the parameters to the float32 trajectory");
        plot.XLabel("step");
        plot.YLabel("||p - p_float32|| / ||p_float32|| (log scale)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }
}
