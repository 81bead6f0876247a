using ScottPlot;
using SimdOpt.Cli.Plots;

namespace SimdOpt.PerfReport;

/// <summary>PNG charts: GB/s against buffer size for each implementation of one rule, with its class's ceilings in black (1 thread dashed, 2 threads dotted), in the bundled font the CLI uses.</summary>
internal static class Chart
{
    public static void Rule(Analysis analysis, string type, string path)
    {
        var sizes = analysis.SizesOf(type);
        var positions = sizes.Select((_, i) => (double)i).ToArray();
        PlotFonts.EnsureRegistered();
        var plot = new Plot();
        foreach (var method in Implementations.All)
        {
            var points = sizes.Select((size, i) => (X: (double)i, Y: analysis.GigabytesPerSecond(type, method, size))).Where(p => p.Y is not null).ToArray();
            if (points.Length == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y!.Value).ToArray());
            line.LegendText = Implementations.Label(method);
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }

        foreach (var method in Implementations.Ceilings)
        {
            var ceiling = sizes.Select((size, i) => (X: (double)i, Y: analysis.GigabytesPerSecond(type, method, size))).Where(p => p.Y is not null).ToArray();
            if (ceiling.Length == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(ceiling.Select(p => p.X).ToArray(), ceiling.Select(p => p.Y!.Value).ToArray());
            line.LegendText = Implementations.Label(method) + " (stream over the same buffers)";
            line.LinePattern = method == Implementations.CeilingTwoThreads ? LinePattern.Dotted : LinePattern.Dashed;
            line.LineWidth = 2;
            line.Color = Colors.Black;
            line.MarkerSize = 0;
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < sizes.Count; i++)
        {
            ticks.AddMajor(positions[i], Format.ShortSize(sizes[i]));
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Margins(0.05, 0.1);
        plot.Axes.SetLimitsY(0, plot.Axes.GetLimits().Top);
        plot.Title(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Traffic.RuleName(type)}: effective GB/s ({Traffic.BytesPerElement(type)} bytes per element)"));
        plot.XLabel("elements");
        plot.YLabel("GB/s");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 1000, 560);
    }
}
