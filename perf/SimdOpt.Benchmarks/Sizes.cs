using System.Globalization;

namespace SimdOpt.Benchmarks;

/// <summary>
/// Buffer sizes, in elements, chosen to sit in L1, L2, L3 and DRAM for the rules' three to five streams, plus
/// one odd size whose tail exercises every narrower lane width. <c>SIMDOPT_BENCH_SIZES</c> (comma-separated)
/// replaces the default list, so a quick run can measure fewer sizes without recompiling.
/// </summary>
public static class Sizes
{
    public const int L1 = 4_096;
    public const int L2 = 65_536;
    public const int L3 = 1_048_576;
    public const int Odd = 1_000_003;
    public const int Dram = 16_777_216;

    public const string Variable = "SIMDOPT_BENCH_SIZES";

    /// <summary>The sizes of this run: <paramref name="defaults"/> unless the environment says otherwise.</summary>
    public static IEnumerable<int> FromEnvironment(params int[] defaults)
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaults;
        }

        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture))
            .ToArray();
    }
}
