using ScottPlot;
using SimdOpt.Cli.Plots;

namespace SimdOpt.Training.Tests.Cli;

/// <summary>
/// The plots' text comes from the bundled font: a plot with a (bold) title and an axis label on a white
/// background must put dark pixels where the text goes, and none there when the same text is drawn white.
/// Without a usable font ScottPlot draws no glyphs and those areas stay white.
/// </summary>
public class PlotFontTests
{
    [Fact]
    public void The_bundled_font_is_registered_as_the_default()
    {
        PlotFonts.EnsureRegistered();
        Assert.Equal(PlotFonts.Family, Fonts.Default);
        Assert.True(File.Exists(PlotFonts.RegularFile));
        Assert.True(File.Exists(PlotFonts.BoldFile));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(PlotFonts.RegularFile)!, "DejaVuSans-LICENSE.txt")));
        Assert.Equal("DejaVu Sans", Fonts.GetTypeface(PlotFonts.Family, bold: true, italic: false).FamilyName);
        Assert.Equal("DejaVu Sans", Fonts.GetTypeface(PlotFonts.Family, bold: false, italic: false).FamilyName);
    }

    [Fact]
    public void Title_and_labels_render_visible_glyphs()
    {
        var withText = Render(Colors.Black);
        var withoutText = Render(Colors.White);

        Assert.True(DarkPixels(withText, 0, 35) > 100, "the title area is blank");
        Assert.True(DarkPixels(withText, 272, 300) > 50, "the x label area is blank");
        Assert.Equal(0, DarkPixels(withoutText, 0, 35));
        Assert.Equal(0, DarkPixels(withoutText, 272, 300));
    }

    /// <summary>The same layout either way; only the text colour differs, so the control shows what is text.</summary>
    private static byte[,,] Render(Color textColor)
    {
        PlotFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Title("Decision boundary");
        plot.XLabel("x1 label");
        plot.Axes.Title.Label.ForeColor = textColor;
        plot.Axes.Bottom.Label.ForeColor = textColor;
        plot.HideGrid();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        using var image = new ScottPlot.Image(plot.GetImageBytes(400, 300, ImageFormat.Png));
        return image.GetArrayRGB();
    }

    private static int DarkPixels(byte[,,] rgb, int fromRow, int toRow)
    {
        var count = 0;
        for (var y = fromRow; y < toRow; y++)
        {
            for (var x = 0; x < rgb.GetLength(1); x++)
            {
                if (rgb[y, x, 0] + rgb[y, x, 1] + rgb[y, x, 2] < 300)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
