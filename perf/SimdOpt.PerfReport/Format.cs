using System.Globalization;

namespace SimdOpt.PerfReport;

/// <summary>Number formatting for the tables (invariant culture; "n/a" for what was not measured).</summary>
internal static class Format
{
    public static string Size(int size) => size.ToString("N0", CultureInfo.InvariantCulture);

    public static string ShortSize(int size) => size switch
    {
        _ when size >= 1 << 20 && size % (1 << 20) == 0 => string.Create(CultureInfo.InvariantCulture, $"{size >> 20}M"),
        _ when size >= 1 << 10 && size % (1 << 10) == 0 => string.Create(CultureInfo.InvariantCulture, $"{size >> 10}K"),
        _ => Size(size),
    };

    public static string Number(double? value, string format) => value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    public static string Ratio(double? value) => value is null ? "n/a" : Number(value, "N2") + "x";

    public static string Percent(double? value) => value is null ? "n/a" : Number(value * 100, "N0") + "%";

    public static string Bytes(long bytes) => bytes == 0 ? "0 B" : string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
}
