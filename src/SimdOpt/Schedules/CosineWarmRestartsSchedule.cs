namespace SimdOpt.Schedules;

/// <summary>
/// Cosine annealing with warm restarts (SGDR; PyTorch's <c>CosineAnnealingWarmRestarts</c>). Cycle <c>i</c>
/// (from 0) lasts <c>T_i = firstPeriod * periodMultiplier^i</c> counters; within a cycle, at position
/// <c>t</c> in <c>[0, T_i)</c>,
/// <c>lr = clamp(max - (max - min) * ((1 - Math.Cos(Math.PI * t / T_i)) * 0.5), min, max)</c>, in double in that order
/// (as <see cref="CosineAnnealingSchedule"/>; exactly <c>max</c> at the start of every cycle).
/// <c>t</c> and <c>T_i</c> are found with exact integer arithmetic (subtracting whole cycles from the counter);
/// a cycle length that would exceed <see cref="long.MaxValue"/> is taken as <see cref="long.MaxValue"/>.
/// </summary>
public sealed class CosineWarmRestartsSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="maxLearningRate">The rate at the start of each cycle; finite and in [0, +inf).</param>
    /// <param name="firstPeriod">Length of the first cycle (PyTorch's <c>T_0</c>); in [1, +inf).</param>
    /// <param name="periodMultiplier">Growth of the cycle length (PyTorch's <c>T_mult</c>); in [1, +inf).</param>
    /// <param name="minLearningRate">The floor (PyTorch's <c>eta_min</c>); in [0, <paramref name="maxLearningRate"/>].</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public CosineWarmRestartsSchedule(double maxLearningRate, long firstPeriod, long periodMultiplier = 1, double minLearningRate = 0.0)
    {
        ScheduleCheck.Rate(maxLearningRate, nameof(maxLearningRate));
        ScheduleCheck.PositiveCount(firstPeriod, nameof(firstPeriod));
        ScheduleCheck.PositiveCount(periodMultiplier, nameof(periodMultiplier));
        ScheduleCheck.Rate(minLearningRate, nameof(minLearningRate));
        ScheduleCheck.NotAbove(minLearningRate, maxLearningRate, nameof(minLearningRate), nameof(maxLearningRate));
        MaxLearningRate = maxLearningRate;
        FirstPeriod = firstPeriod;
        PeriodMultiplier = periodMultiplier;
        MinLearningRate = minLearningRate;
    }

    /// <summary>The rate at the start of each cycle.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Length of the first cycle.</summary>
    public long FirstPeriod { get; }

    /// <summary>Each cycle is this many times longer than the one before.</summary>
    public long PeriodMultiplier { get; }

    /// <summary>The floor.</summary>
    public double MinLearningRate { get; }

    /// <summary>The cycle that holds <paramref name="counter"/>: its position in the cycle and the cycle's length.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="counter"/> is negative.</exception>
    public (long Position, long Length) CycleAt(long counter)
    {
        ScheduleCheck.Counter(counter);
        var period = FirstPeriod;
        if (PeriodMultiplier == 1)
        {
            return (counter % period, period);
        }

        var t = counter;
        while (t >= period)
        {
            t -= period;
            period = period > long.MaxValue / PeriodMultiplier ? long.MaxValue : period * PeriodMultiplier;
        }

        return (t, period);
    }

    /// <inheritdoc />
    public override double At(long counter)
    {
        var (t, period) = CycleAt(counter);
        return CosineAnnealingSchedule.Anneal(MaxLearningRate, MinLearningRate, t, period);
    }
}
