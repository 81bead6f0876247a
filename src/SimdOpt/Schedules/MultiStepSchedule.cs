namespace SimdOpt.Schedules;

/// <summary>
/// PyTorch's <c>MultiStepLR</c>: multiply by <c>gamma</c> at each milestone.
/// <c>lr(c) = initialLearningRate * gamma^m</c>, where <c>m</c> is the number of milestones <c>&lt;= c</c> and the
/// power is <see cref="StepScalars.Power(double, long)"/>.
/// </summary>
public sealed class MultiStepSchedule : LearningRateSchedule
{
    private readonly long[] _milestones;

    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The rate before the first milestone; finite and in [0, +inf).</param>
    /// <param name="milestones">Non-empty, strictly increasing counters, each in [1, +inf).</param>
    /// <param name="gamma">The factor; in [0, 1].</param>
    /// <exception cref="ArgumentException"><paramref name="milestones"/> is empty or not strictly increasing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public MultiStepSchedule(double initialLearningRate, IReadOnlyList<long> milestones, double gamma = 0.1)
    {
        ScheduleCheck.Rate(initialLearningRate, nameof(initialLearningRate));
        _milestones = ScheduleCheck.Boundaries(milestones, nameof(milestones));
        ScheduleCheck.Closed(gamma, 0, 1, nameof(gamma));
        InitialLearningRate = initialLearningRate;
        Gamma = gamma;
    }

    /// <summary>The rate at counter 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>The milestones, in increasing order.</summary>
    public ReadOnlySpan<long> Milestones => _milestones;

    /// <summary>The factor applied at each milestone.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        return InitialLearningRate * StepScalars.Power(Gamma, ScheduleCheck.CountReached(_milestones, counter));
    }
}
