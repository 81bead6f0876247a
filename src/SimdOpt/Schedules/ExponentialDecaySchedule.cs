namespace SimdOpt.Schedules;

/// <summary>
/// Exponential decay, optionally in stairs:
/// <c>lr(c) = initialLearningRate * rate^floor(c / staircaseInterval)</c>, where the power is
/// <see cref="StepScalars.Power(double, long)"/> and <c>floor(c / staircaseInterval)</c> is integer division.
/// With the default interval of 1 this is the smooth form <c>initialLearningRate * rate^c</c> (PyTorch's
/// <c>ExponentialLR</c>); with interval N it equals <see cref="StepSchedule"/> with <c>gamma = rate</c>.
/// </summary>
public sealed class ExponentialDecaySchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at counter 0; finite and in [0, +inf).</param>
    /// <param name="rate">The factor per interval (0.95 is typical per epoch); in [0, 1].</param>
    /// <param name="staircaseInterval">Counters per stair; in [1, +inf). 1 means no stairs.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public ExponentialDecaySchedule(double initialLearningRate, double rate, long staircaseInterval = 1)
    {
        ScheduleCheck.Rate(initialLearningRate, nameof(initialLearningRate));
        ScheduleCheck.Closed(rate, 0, 1, nameof(rate));
        ScheduleCheck.PositiveCount(staircaseInterval, nameof(staircaseInterval));
        InitialLearningRate = initialLearningRate;
        Rate = rate;
        StaircaseInterval = staircaseInterval;
    }

    /// <summary>The rate at counter 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>The factor per interval.</summary>
    public double Rate { get; }

    /// <summary>Counters per stair (1: smooth decay).</summary>
    public long StaircaseInterval { get; }

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        return InitialLearningRate * StepScalars.Power(Rate, counter / StaircaseInterval);
    }
}
