namespace SimdOpt.Schedules;

/// <summary>
/// Cosine annealing from <c>maxLearningRate</c> down to <c>minLearningRate</c> over <c>period</c> counters, then
/// <c>minLearningRate</c> (PyTorch's <c>CosineAnnealingLR</c> closed form for one half-period; Optax's
/// <c>cosine_decay_schedule</c> with <c>alpha = min / max</c>):
/// <c>lr(c) = min</c> for <c>c &gt;= period</c>, otherwise
/// <c>clamp(max - (max - min) * ((1 - Math.Cos(Math.PI * c / period)) * 0.5), min, max)</c>,
/// in double in that order (<c>Math.PI * c</c> first, then <c>/ period</c>). This equals PyTorch's
/// <c>min + (max - min) * (1 + cos(pi * c / period)) / 2</c> in exact arithmetic; written from the maximum it gives
/// exactly <c>max</c> at <c>c = 0</c>, and the clamp keeps rounding inside [min, max].
/// </summary>
public sealed class CosineAnnealingSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="maxLearningRate">The rate at counter 0 (PyTorch's base lr); finite and in [0, +inf).</param>
    /// <param name="period">Counters from the maximum to the minimum (PyTorch's <c>T_max</c>); in [1, +inf).</param>
    /// <param name="minLearningRate">The floor (PyTorch's <c>eta_min</c>); in [0, <paramref name="maxLearningRate"/>].</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public CosineAnnealingSchedule(double maxLearningRate, long period, double minLearningRate = 0.0)
    {
        ScheduleCheck.Rate(maxLearningRate, nameof(maxLearningRate));
        ScheduleCheck.PositiveCount(period, nameof(period));
        ScheduleCheck.Rate(minLearningRate, nameof(minLearningRate));
        ScheduleCheck.NotAbove(minLearningRate, maxLearningRate, nameof(minLearningRate), nameof(maxLearningRate));
        MaxLearningRate = maxLearningRate;
        Period = period;
        MinLearningRate = minLearningRate;
    }

    /// <summary>The rate at counter 0.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Counters from the maximum to the minimum.</summary>
    public long Period { get; }

    /// <summary>The floor, reached at <see cref="Period"/>.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        return counter >= Period ? MinLearningRate : Anneal(MaxLearningRate, MinLearningRate, counter, Period);
    }

    /// <summary><c>clamp(max - (max - min) * ((1 - cos(pi * t / period)) * 0.5), min, max)</c>.</summary>
    internal static double Anneal(double max, double min, long t, long period) =>
        Math.Clamp(max - ((max - min) * ((1.0 - Math.Cos(Math.PI * t / period)) * 0.5)), min, max);
}
