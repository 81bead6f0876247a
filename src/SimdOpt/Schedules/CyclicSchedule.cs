namespace SimdOpt.Schedules;

/// <summary>
/// PyTorch's <c>CyclicLR</c> (Smith 2017) as a function of the counter <c>c</c>, in double and in this order:
/// <code>
/// total  = up + down;   ratio = up / total
/// cycle  = floor(1 + c / total)
/// x      = (1 + c / total) - cycle
/// factor = x &lt;= ratio ? x / ratio : (x - 1) / (ratio - 1)
/// lr     = base + ((max - base) * factor) * scale
/// </code>
/// with <c>scale = 1</c> (<see cref="CyclicMode.Triangular"/>), <c>1 / 2^(cycle - 1)</c> (exact; <see cref="CyclicMode.Triangular2"/>)
/// or <c>gamma^c</c> by <see cref="StepScalars.Power(double, long)"/> (<see cref="CyclicMode.ExpRange"/>). The rate rises
/// from <c>base</c> to <c>max</c> over <c>up</c> counters and falls back over <c>down</c>; it is clamped to the closed
/// interval between the two rates, so it is always finite and non-negative. PyTorch's optional momentum cycling is
/// not part of a learning-rate schedule.
/// </summary>
public sealed class CyclicSchedule : LearningRateSchedule
{
    private readonly double _total;
    private readonly double _ratio;

    /// <summary>Creates the schedule.</summary>
    /// <param name="baseLearningRate">The rate at the start of every cycle (PyTorch's <c>base_lr</c>); finite and in [0, +inf).</param>
    /// <param name="maxLearningRate">The rate at the top of the first cycle (<c>max_lr</c>); finite and in [0, +inf).</param>
    /// <param name="stepSizeUp">Counters from the base to the top (<c>step_size_up</c>); in [1, 2^52].</param>
    /// <param name="stepSizeDown">Counters from the top back to the base (<c>step_size_down</c>); in [1, 2^52]; null means <paramref name="stepSizeUp"/>.</param>
    /// <param name="mode">How the height of each cycle is scaled.</param>
    /// <param name="gamma">The per-counter decay of <see cref="CyclicMode.ExpRange"/>; in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public CyclicSchedule(double baseLearningRate, double maxLearningRate, long stepSizeUp = 2000, long? stepSizeDown = null, CyclicMode mode = CyclicMode.Triangular, double gamma = 1.0)
    {
        ScheduleCheck.Rate(baseLearningRate, nameof(baseLearningRate));
        ScheduleCheck.Rate(maxLearningRate, nameof(maxLearningRate));
        ScheduleCheck.Closed(stepSizeUp, 1, MaxStepSize, nameof(stepSizeUp));
        var down = stepSizeDown ?? stepSizeUp;
        ScheduleCheck.Closed(down, 1, MaxStepSize, nameof(stepSizeDown));
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode must be Triangular, Triangular2 or ExpRange.");
        }

        ScheduleCheck.Closed(gamma, 0, 1, nameof(gamma));
        BaseLearningRate = baseLearningRate;
        MaxLearningRate = maxLearningRate;
        StepSizeUp = stepSizeUp;
        StepSizeDown = down;
        Mode = mode;
        Gamma = gamma;
        _total = (double)stepSizeUp + down;
        _ratio = stepSizeUp / _total;
    }

    /// <summary>The largest accepted step size, 2^52, so that <c>up + down</c> is exact in double.</summary>
    public const long MaxStepSize = 1L << 52;

    /// <summary>The rate at the start of every cycle.</summary>
    public double BaseLearningRate { get; }

    /// <summary>The rate at the top of the first cycle.</summary>
    public double MaxLearningRate { get; }

    /// <summary>Counters from the base to the top.</summary>
    public long StepSizeUp { get; }

    /// <summary>Counters from the top back to the base.</summary>
    public long StepSizeDown { get; }

    /// <summary>How each cycle's height is scaled.</summary>
    public CyclicMode Mode { get; }

    /// <summary>The per-counter decay of <see cref="CyclicMode.ExpRange"/>.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        var position = 1.0 + (counter / _total);
        var cycle = Math.Floor(position);
        var x = position - cycle;
        var factor = x <= _ratio ? x / _ratio : (x - 1.0) / (_ratio - 1.0);
        var scale = Mode switch
        {
            CyclicMode.Triangular => 1.0,
            CyclicMode.Triangular2 => Math.ScaleB(1.0, -(int)Math.Min(cycle - 1.0, 2000.0)),
            _ => StepScalars.Power(Gamma, counter),
        };
        var rate = BaseLearningRate + ((MaxLearningRate - BaseLearningRate) * factor * scale);
        return Math.Clamp(rate, Math.Min(BaseLearningRate, MaxLearningRate), Math.Max(BaseLearningRate, MaxLearningRate));
    }
}
