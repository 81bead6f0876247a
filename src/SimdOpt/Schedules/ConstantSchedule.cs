namespace SimdOpt.Schedules;

/// <summary>The same learning rate at every counter: <c>lr(c) = learningRate</c>.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">The rate; finite and in [0, +inf).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative, NaN or infinite.</exception>
    public ConstantSchedule(double learningRate)
    {
        ScheduleCheck.Rate(learningRate, nameof(learningRate));
        LearningRate = learningRate;
    }

    /// <summary>The constant rate.</summary>
    public double LearningRate { get; }

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        return LearningRate;
    }
}
