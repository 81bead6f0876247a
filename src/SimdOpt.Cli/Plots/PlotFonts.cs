using ScottPlot;

namespace SimdOpt.Cli.Plots;

/// <summary>
/// Registers the bundled DejaVu Sans, regular and bold (Fonts/DejaVuSans*.ttf, licence beside them), as
/// ScottPlot's default font, so plots have readable text even on a machine without any installed fonts
/// (titles are bold, so the bold face is needed too).
/// </summary>
internal static class PlotFonts
{
    /// <summary>The family name the bundled font is registered under.</summary>
    public const string Family = "SimdOpt DejaVu Sans";

    private static readonly Lazy<string> Registered = new(Register);

    /// <summary>The bundled regular font file.</summary>
    public static string RegularFile => Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf");

    /// <summary>The bundled bold font file.</summary>
    public static string BoldFile => Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans-Bold.ttf");

    /// <summary>Registers the font once; call before creating any plot.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    private static string Register()
    {
        foreach (var file in new[] { RegularFile, BoldFile })
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"The bundled plot font is missing: {file}.", file);
            }
        }

        Fonts.AddFontFile(Family, RegularFile, bold: false, italic: false);
        Fonts.AddFontFile(Family, BoldFile, bold: true, italic: false);
        Fonts.Default = Family;
        return Family;
    }
}
