namespace SimdOpt.Schedules;

/// <summary>
/// Inverse square root decay: <c>lr(c) = initialLearningRate * k / sqrt(max(c, 1))</c>, evaluated in double
/// left to right (<c>(initialLearningRate * k) / Math.Sqrt(max(c, 1))</c>). The <c>max(c, 1)</c> defines the value
/// at counter 0 as the value at counter 1 (<c>initialLearningRate * k</c>), so nothing is ever divided by zero.
/// Use it with an epoch counter or a step counter alike.
/// </summary>
public sealed class InverseSqrtSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">The base rate; finite and in [0, +inf).</param>
    /// <param name="k">The scale; finite and in [0, +inf).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range, or the product is infinite.</exception>
    public InverseSqrtSchedule(double initialLearningRate, double k = 1.0)
    {
        ScheduleCheck.Rate(initialLearningRate, nameof(initialLearningRate));
        ScheduleCheck.Rate(k, nameof(k));
        ScheduleCheck.Rate(initialLearningRate * k, "initialLearningRate * k");
        InitialLearningRate = initialLearningRate;
        K = k;
    }

    /// <summary>The base rate.</summary>
    public double InitialLearningRate { get; }

    /// <summary>The scale.</summary>
    public double K { get; }

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        return InitialLearningRate * K / Math.Sqrt(Math.Max(counter, 1));
    }
}
