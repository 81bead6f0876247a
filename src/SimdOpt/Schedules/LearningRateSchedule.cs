namespace SimdOpt.Schedules;

/// <summary>
/// A learning rate as a pure function of a counter: the epoch or the optimizer step, whichever the caller
/// chooses to count. Schedules are immutable, validate their parameters when they are built, and
/// allocate nothing in <see cref="At(long)"/>; assign the result to
/// <see cref="Optimizers.Optimizer.LearningRate"/> before each step (or epoch).
/// </summary>
/// <remarks>
/// Every value is computed in double. Integer powers use <see cref="StepScalars.Power(double, long)"/>
/// (binary exponentiation, the same bits on every platform) instead of <see cref="Math.Pow(double, double)"/>.
/// Counters are converted to double exactly (they are exact up to 2^53).
/// </remarks>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate at <paramref name="counter"/> (an epoch or a step number, 0 or more).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="counter"/> is negative.</exception>
    public abstract double At(long counter);
}
