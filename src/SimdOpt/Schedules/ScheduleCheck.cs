using System.Globalization;

namespace SimdOpt.Schedules;

/// <summary>Construction-time checks for schedules: each names the parameter and its valid range.</summary>
internal static class ScheduleCheck
{
    public static void Counter(long counter)
    {
        if (counter < 0)
        {
            ThrowCounter(counter);
        }
    }

    /// <summary>A learning rate: finite and in [0, +inf).</summary>
    public static void Rate(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and in [0, +inf); got {Text(value)}.");
        }
    }

    /// <summary>Finite and in (0, +inf).</summary>
    public static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and in (0, +inf); got {Text(value)}.");
        }
    }

    /// <summary>In [low, high].</summary>
    public static void Closed(double value, double low, double high, string name)
    {
        if (!(value >= low && value <= high))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{Text(low)}, {Text(high)}]; got {Text(value)}.");
        }
    }

    /// <summary>In (low, high).</summary>
    public static void Open(double value, double low, double high, string name)
    {
        if (!(value > low && value < high))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in ({Text(low)}, {Text(high)}); got {Text(value)}.");
        }
    }

    /// <summary>An interval or a count of counters: in [1, +inf).</summary>
    public static void PositiveCount(long value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [1, {long.MaxValue}]; got {value}.");
        }
    }

    /// <summary>A minimum that must not exceed a maximum.</summary>
    public static void NotAbove(double low, double high, string lowName, string highName)
    {
        if (!(low <= high))
        {
            throw new ArgumentOutOfRangeException(lowName, low, $"{lowName} must be in [0, {highName}] = [0, {Text(high)}]; got {Text(low)}.");
        }
    }

    /// <summary>A non-empty, strictly increasing list of counters, each in [1, +inf).</summary>
    public static long[] Boundaries(IReadOnlyList<long>? values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0)
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }

        var copy = new long[values.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = values[i];
            if (copy[i] < 1)
            {
                throw new ArgumentOutOfRangeException(name, copy[i], $"{name}[{i}] must be in [1, {long.MaxValue}]; got {copy[i]}.");
            }

            if (i > 0 && copy[i] <= copy[i - 1])
            {
                throw new ArgumentException($"{name} must be strictly increasing; {name}[{i - 1}] = {copy[i - 1]} and {name}[{i}] = {copy[i]}.", name);
            }
        }

        return copy;
    }

    /// <summary>Number of entries of the strictly increasing <paramref name="boundaries"/> that are at most <paramref name="counter"/>.</summary>
    public static int CountReached(long[] boundaries, long counter)
    {
        var low = 0;
        var high = boundaries.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (boundaries[middle] <= counter)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static void ThrowCounter(long counter) =>
        throw new ArgumentOutOfRangeException(nameof(counter), counter, $"counter must be in [0, {long.MaxValue}]; got {counter}.");

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
