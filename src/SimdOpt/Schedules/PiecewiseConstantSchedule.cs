namespace SimdOpt.Schedules;

/// <summary>
/// Constant between boundaries (constant-then-switch generalised):
/// <c>lr(c) = values[i]</c> where <c>i</c> is the number of boundaries <c>b</c> with <c>b &lt;= c</c>.
/// So <c>values[0]</c> holds on <c>[0, boundaries[0])</c>, <c>values[1]</c> on <c>[boundaries[0], boundaries[1])</c>,
/// …, and the last value from the last boundary on.
/// </summary>
public sealed class PiecewiseConstantSchedule : LearningRateSchedule
{
    private readonly long[] _boundaries;
    private readonly double[] _values;

    /// <summary>Creates the schedule.</summary>
    /// <param name="boundaries">Non-empty, strictly increasing counters, each in [1, +inf).</param>
    /// <param name="values">One more value than boundaries; each finite and in [0, +inf).</param>
    /// <exception cref="ArgumentException">A list is empty, the boundaries are not strictly increasing, or the counts do not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A boundary is below 1, or a value is negative, NaN or infinite.</exception>
    public PiecewiseConstantSchedule(IReadOnlyList<long> boundaries, IReadOnlyList<double> values)
    {
        _boundaries = ScheduleCheck.Boundaries(boundaries, nameof(boundaries));
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != _boundaries.Length + 1)
        {
            throw new ArgumentException($"values must have one more entry than boundaries ({_boundaries.Length + 1}); got {values.Count}.", nameof(values));
        }

        _values = new double[values.Count];
        for (var i = 0; i < _values.Length; i++)
        {
            ScheduleCheck.Rate(values[i], $"{nameof(values)}[{i}]");
            _values[i] = values[i];
        }
    }

    /// <summary>Constant-then-switch: <paramref name="before"/> on <c>[0, switchAt)</c>, then <paramref name="after"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is negative, NaN or infinite, or <paramref name="switchAt"/> is below 1.</exception>
    public static PiecewiseConstantSchedule Switch(double before, long switchAt, double after) => new([switchAt], [before, after]);

    /// <summary>The boundaries, in increasing order.</summary>
    public ReadOnlySpan<long> Boundaries => _boundaries;

    /// <summary>The values, one more than <see cref="Boundaries"/>.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        return _values[ScheduleCheck.CountReached(_boundaries, counter)];
    }
}
