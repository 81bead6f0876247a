namespace SimdOpt.Schedules;

/// <summary>
/// Polynomial decay from <c>start</c> to <c>end</c> over <c>transitionCount</c> counters, then <c>end</c> (Optax's
/// <c>polynomial_schedule</c>; PyTorch's <c>PolynomialLR</c> is <c>end = 0</c>):
/// <c>lr(c) = end</c> for <c>c &gt;= transitionCount</c>, otherwise
/// <c>clamp((start - end) * pow(1 - c / transitionCount, power) + end, min(start, end), max(start, end))</c>, in
/// double in that order. <c>pow</c> is <see cref="StepScalars.Power(double, long)"/> when <c>power</c> is a whole
/// number (the same bits on every platform) and <see cref="Math.Pow(double, double)"/> otherwise (whose last bit
/// may differ between platforms).
/// </summary>
public sealed class PolynomialSchedule : LearningRateSchedule
{
    private readonly double _low;
    private readonly double _high;
    private readonly long _wholePower;

    /// <summary>Creates the schedule.</summary>
    /// <param name="start">The rate at counter 0; finite and in [0, +inf).</param>
    /// <param name="end">The rate from <paramref name="transitionCount"/> on; finite and in [0, +inf).</param>
    /// <param name="power">The exponent; finite and in [0, +inf) (1 is linear).</param>
    /// <param name="transitionCount">Counters the decay takes; in [1, +inf).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public PolynomialSchedule(double start, double end, double power, long transitionCount)
    {
        ScheduleCheck.Rate(start, nameof(start));
        ScheduleCheck.Rate(end, nameof(end));
        ScheduleCheck.Rate(power, nameof(power));
        ScheduleCheck.PositiveCount(transitionCount, nameof(transitionCount));
        Start = start;
        End = end;
        Power = power;
        TransitionCount = transitionCount;
        _low = Math.Min(start, end);
        _high = Math.Max(start, end);
        _wholePower = power == Math.Floor(power) && power <= int.MaxValue ? (long)power : -1;
    }

    /// <summary>The rate at counter 0.</summary>
    public double Start { get; }

    /// <summary>The rate from <see cref="TransitionCount"/> on.</summary>
    public double End { get; }

    /// <summary>The exponent.</summary>
    public double Power { get; }

    /// <summary>Counters the decay takes.</summary>
    public long TransitionCount { get; }

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        if (counter >= TransitionCount)
        {
            return End;
        }

        var remaining = 1.0 - ((double)counter / TransitionCount);
        var decay = _wholePower >= 0 ? StepScalars.Power(remaining, _wholePower) : Math.Pow(remaining, Power);
        return Math.Clamp(((Start - End) * decay) + End, _low, _high);
    }
}
