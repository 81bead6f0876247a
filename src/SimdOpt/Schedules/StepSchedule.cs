namespace SimdOpt.Schedules;

/// <summary>
/// PyTorch's <c>StepLR</c>, also called discrete staircase decay: multiply by <c>gamma</c> every
/// <c>stepSize</c> counters. <c>lr(c) = initialLearningRate * gamma^floor(c / stepSize)</c>, where the power is
/// <see cref="StepScalars.Power(double, long)"/> and <c>floor(c / stepSize)</c> is integer division.
/// </summary>
public sealed class StepSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate on <c>[0, stepSize)</c>; finite and in [0, +inf).</param>
    /// <param name="stepSize">Counters between two multiplications; in [1, +inf).</param>
    /// <param name="gamma">The factor; in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public StepSchedule(double initialLearningRate, long stepSize, double gamma = 0.1)
    {
        ScheduleCheck.Rate(initialLearningRate, nameof(initialLearningRate));
        ScheduleCheck.PositiveCount(stepSize, nameof(stepSize));
        ScheduleCheck.Closed(gamma, 0, 1, nameof(gamma));
        InitialLearningRate = initialLearningRate;
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>The rate at counter 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Counters between two multiplications.</summary>
    public long StepSize { get; }

    /// <summary>The factor applied every <see cref="StepSize"/> counters.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        return InitialLearningRate * StepScalars.Power(Gamma, counter / StepSize);
    }
}
