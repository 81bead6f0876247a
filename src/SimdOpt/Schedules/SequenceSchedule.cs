namespace SimdOpt.Schedules;

/// <summary>
/// Schedules joined at boundaries (Optax's <c>join_schedules</c>): with boundaries <c>b_1 &lt; … &lt; b_n</c> and
/// schedules <c>s_0 … s_n</c>, <c>lr(c) = s_i.At(c - b_i)</c> where <c>i</c> is the number of boundaries <c>&lt;= c</c> and
/// <c>b_0 = 0</c>. So each schedule restarts its own counter at 0 on its boundary; at <c>c = b_i</c> the value is
/// already <c>s_i.At(0)</c>.
/// </summary>
public sealed class SequenceSchedule : LearningRateSchedule
{
    private readonly LearningRateSchedule[] _schedules;
    private readonly long[] _boundaries;

    /// <summary>Creates the schedule.</summary>
    /// <param name="schedules">The schedules in order; at least one, none null.</param>
    /// <param name="boundaries">One fewer than <paramref name="schedules"/>: strictly increasing counters, each in [1, +inf).</param>
    /// <exception cref="ArgumentException">The counts do not match, a schedule is null, or the boundaries are not strictly increasing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A boundary is below 1.</exception>
    public SequenceSchedule(IReadOnlyList<LearningRateSchedule> schedules, IReadOnlyList<long> boundaries)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(boundaries);
        if (schedules.Count == 0)
        {
            throw new ArgumentException("schedules must not be empty.", nameof(schedules));
        }

        if (boundaries.Count != schedules.Count - 1)
        {
            throw new ArgumentException($"boundaries must have one entry fewer than schedules ({schedules.Count - 1}); got {boundaries.Count}.", nameof(boundaries));
        }

        _boundaries = boundaries.Count == 0 ? [] : ScheduleCheck.Boundaries(boundaries, nameof(boundaries));
        _schedules = new LearningRateSchedule[schedules.Count];
        for (var i = 0; i < _schedules.Length; i++)
        {
            _schedules[i] = schedules[i] ?? throw new ArgumentException($"schedules[{i}] is null.", nameof(schedules));
        }
    }

    /// <summary>
    /// Optax's <c>warmup_cosine_decay_schedule</c>: a <see cref="LinearSchedule"/> from <paramref name="initialLearningRate"/>
    /// to <paramref name="peakLearningRate"/> over <paramref name="warmupCount"/> counters, then a
    /// <see cref="CosineAnnealingSchedule"/> from the peak to <paramref name="endLearningRate"/> over
    /// <c>decayCount - warmupCount</c> counters. With <paramref name="warmupCount"/> 0 it is the cosine alone.
    /// </summary>
    /// <param name="initialLearningRate">The rate at counter 0; finite and in [0, +inf).</param>
    /// <param name="peakLearningRate">The rate at the end of the warm-up; finite and in [0, +inf).</param>
    /// <param name="warmupCount">Warm-up counters; in [0, <paramref name="decayCount"/>).</param>
    /// <param name="decayCount">Counters until <paramref name="endLearningRate"/> is reached, warm-up included.</param>
    /// <param name="endLearningRate">The final rate; in [0, <paramref name="peakLearningRate"/>].</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static SequenceSchedule WarmupCosine(double initialLearningRate, double peakLearningRate, long warmupCount, long decayCount, double endLearningRate = 0.0)
    {
        ScheduleCheck.Rate(initialLearningRate, nameof(initialLearningRate));
        ScheduleCheck.Rate(peakLearningRate, nameof(peakLearningRate));
        ScheduleCheck.Rate(endLearningRate, nameof(endLearningRate));
        ScheduleCheck.NotAbove(endLearningRate, peakLearningRate, nameof(endLearningRate), nameof(peakLearningRate));
        ArgumentOutOfRangeException.ThrowIfNegative(warmupCount);
        if (decayCount <= warmupCount)
        {
            throw new ArgumentOutOfRangeException(nameof(decayCount), decayCount, $"decayCount must be in [warmupCount + 1, +inf) = [{warmupCount + 1}, +inf); got {decayCount}.");
        }

        var cosine = new CosineAnnealingSchedule(peakLearningRate, decayCount - warmupCount, endLearningRate);
        return warmupCount == 0
            ? new SequenceSchedule([cosine], [])
            : new SequenceSchedule([new LinearSchedule(initialLearningRate, peakLearningRate, warmupCount), cosine], [warmupCount]);
    }

    /// <summary>The joined schedules, in order.</summary>
    public ReadOnlySpan<LearningRateSchedule> Schedules => _schedules;

    /// <summary>The boundaries, in increasing order.</summary>
    public ReadOnlySpan<long> Boundaries => _boundaries;

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        var i = ScheduleCheck.CountReached(_boundaries, counter);
        return _schedules[i].At(i == 0 ? counter : counter - _boundaries[i - 1]);
    }
}
