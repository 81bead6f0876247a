namespace SimdOpt.Schedules;

/// <summary>
/// Inverse-time decay, optionally in stairs:
/// <c>lr(c) = initialLearningRate / (1 + decayRate * floor(c / staircaseInterval))</c>, evaluated in double in
/// that order (<c>floor(c / staircaseInterval)</c> is integer division, converted to double exactly).
/// With the default interval of 1 this is the smooth form <c>initialLearningRate / (1 + decayRate * c)</c>.
/// </summary>
public sealed class InverseTimeDecaySchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate at counter 0; finite and in [0, +inf).</param>
    /// <param name="decayRate">The decay rate; finite and in [0, +inf).</param>
    /// <param name="staircaseInterval">Counters per stair; in [1, +inf). 1 means no stairs.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public InverseTimeDecaySchedule(double initialLearningRate, double decayRate, long staircaseInterval = 1)
    {
        ScheduleCheck.Rate(initialLearningRate, nameof(initialLearningRate));
        ScheduleCheck.Rate(decayRate, nameof(decayRate));
        ScheduleCheck.PositiveCount(staircaseInterval, nameof(staircaseInterval));
        InitialLearningRate = initialLearningRate;
        DecayRate = decayRate;
        StaircaseInterval = staircaseInterval;
    }

    /// <summary>The rate at counter 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>The decay rate.</summary>
    public double DecayRate { get; }

    /// <summary>Counters per stair (1: smooth decay).</summary>
    public long StaircaseInterval { get; }

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        return InitialLearningRate / (1.0 + (DecayRate * (counter / StaircaseInterval)));
    }
}
