namespace SimdOpt.Schedules;

/// <summary>
/// Cosine annealing that does not stop at its minimum: PyTorch's <c>CosineAnnealingLR</c> closed form
/// <c>min + (max - min) * (1 + cos(pi * c / period)) / 2</c> for every counter, which falls from <c>max</c> to
/// <c>min</c> over <c>period</c> counters, rises back over the next <c>period</c>, and repeats with period
/// <c>2 * period</c>. Computed as <see cref="CosineAnnealingSchedule"/> does, on <c>t = c mod (2 * period)</c>:
/// <c>clamp(max - (max - min) * ((1 - Math.Cos(Math.PI * t / period)) * 0.5), min, max)</c>, in double in that
/// order (reducing <c>c</c> first keeps the argument of the cosine small, so far counters lose no accuracy).
/// <see cref="CosineAnnealingSchedule"/> is the variant that holds <c>min</c> after one period.
/// </summary>
public sealed class PeriodicCosineSchedule : LearningRateSchedule
{
    /// <summary>The largest accepted period, 2^52.</summary>
    public const long MaxPeriod = 1L << 52;

    /// <summary>Creates the schedule.</summary>
    /// <param name="maxLearningRate">The rate at counter 0 (PyTorch's base lr); finite and in [0, +inf).</param>
    /// <param name="period">Counters from the maximum to the minimum (PyTorch's <c>T_max</c>); in [1, 2^52].</param>
    /// <param name="minLearningRate">The minimum (PyTorch's <c>eta_min</c>); in [0, <paramref name="maxLearningRate"/>].</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public PeriodicCosineSchedule(double maxLearningRate, long period, double minLearningRate = 0.0)
    {
        ScheduleCheck.Rate(maxLearningRate, nameof(maxLearningRate));
        ScheduleCheck.Closed(period, 1, MaxPeriod, nameof(period));
        ScheduleCheck.Rate(minLearningRate, nameof(minLearningRate));
        ScheduleCheck.NotAbove(minLearningRate, maxLearningRate, nameof(minLearningRate), nameof(maxLearningRate));
        MaxLearningRate = maxLearningRate;
        Period = period;
        MinLearningRate = minLearningRate;
    }

    /// <summary>The rate at counter 0 and every <c>2 * Period</c> counters after.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Counters from the maximum to the minimum (half the full period).</summary>
    public long Period { get; }

    /// <summary>The rate at odd multiples of <see cref="Period"/>.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        return CosineAnnealingSchedule.Anneal(MaxLearningRate, MinLearningRate, counter % (2 * Period), Period);
    }
}
