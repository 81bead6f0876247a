namespace SimdOpt.Schedules;

/// <summary>
/// Linear change from <c>start</c> to <c>end</c> over <c>transitionCount</c> counters, then <c>end</c> (a linear
/// warm-up when <c>start &lt; end</c>; Optax's <c>linear_schedule</c>):
/// <c>lr(c) = end</c> for <c>c &gt;= transitionCount</c>, otherwise
/// <c>clamp(start + (end - start) * (c / transitionCount), min(start, end), max(start, end))</c>, in double in that order.
/// The clamp keeps the rounded values monotone and inside the interval.
/// </summary>
public sealed class LinearSchedule : LearningRateSchedule
{
    private readonly double _low;
    private readonly double _high;

    /// <summary>Creates the schedule.</summary>
    /// <param name="start">The rate at counter 0; finite and in [0, +inf).</param>
    /// <param name="end">The rate from <paramref name="transitionCount"/> on; finite and in [0, +inf).</param>
    /// <param name="transitionCount">Counters the change takes; in [1, +inf).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public LinearSchedule(double start, double end, long transitionCount)
    {
        ScheduleCheck.Rate(start, nameof(start));
        ScheduleCheck.Rate(end, nameof(end));
        ScheduleCheck.PositiveCount(transitionCount, nameof(transitionCount));
        Start = start;
        End = end;
        TransitionCount = transitionCount;
        _low = Math.Min(start, end);
        _high = Math.Max(start, end);
    }

    /// <summary>The rate at counter 0.</summary>
    public double Start { get; }

    /// <summary>The rate from <see cref="TransitionCount"/> on.</summary>
    public double End { get; }

    /// <summary>Counters the change takes.</summary>
    public long TransitionCount { get; }

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        if (counter >= TransitionCount)
        {
            return End;
        }

        return Math.Clamp(Start + ((End - Start) * ((double)counter / TransitionCount)), _low, _high);
    }
}
