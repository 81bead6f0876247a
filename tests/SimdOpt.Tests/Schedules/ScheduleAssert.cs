using FsCheck;

namespace SimdOpt.Tests.Schedules;

/// <summary>Helpers shared by the schedule tests: tolerances and the mapping of generated integers to valid parameters.</summary>
internal static class ScheduleAssert
{
    /// <summary>Relative tolerance between a schedule and its independent closed form (different operation order, Math.Pow vs square-and-multiply).</summary>
    public const double RelativeTolerance = 1e-12;

    public static void Close(double expected, double actual, string what) =>
        Close(expected, actual, Math.Max(Math.Abs(expected), Math.Abs(actual)), what);

    /// <summary>Within <see cref="RelativeTolerance"/> of <paramref name="scale"/>: for cosine forms, whose rounding error is a few ulps of the maximum rate.</summary>
    public static void Close(double expected, double actual, double scale, string what)
    {
        Assert.True(
            Math.Abs(expected - actual) <= (RelativeTolerance * scale) + 1e-290,
            $"{what}: expected {expected:R}, got {actual:R}");
    }

    /// <summary>A learning rate in (0, 10], from a generated integer.</summary>
    public static double Rate(int seed) => ((Math.Abs((long)seed) % 100_000) + 1) * 1e-4;

    /// <summary>A factor in [0.01, 1], from a generated integer.</summary>
    public static double Factor(int seed) => ((Math.Abs((long)seed) % 100) + 1) / 100.0;

    /// <summary>A count in [1, max], from a generated positive integer.</summary>
    public static long Count(PositiveInt seed, long max) => ((seed.Get - 1) % max) + 1;

    /// <summary>Counters to probe: every value 0..limit and some far ones.</summary>
    public static IEnumerable<long> Counters(long limit)
    {
        for (long c = 0; c <= limit; c++)
        {
            yield return c;
        }

        yield return limit * 3;
        yield return 1_000_003;
        yield return int.MaxValue;
    }

    public static void NonIncreasing(Func<long, double> f, long from, long to, string what)
    {
        for (var c = from; c < to; c++)
        {
            Assert.True(f(c + 1) <= f(c), $"{what}: lr({c + 1}) = {f(c + 1):R} > lr({c}) = {f(c):R}");
        }
    }

    public static void NonDecreasing(Func<long, double> f, long from, long to, string what)
    {
        for (var c = from; c < to; c++)
        {
            Assert.True(f(c + 1) >= f(c), $"{what}: lr({c + 1}) = {f(c + 1):R} < lr({c}) = {f(c):R}");
        }
    }
}
