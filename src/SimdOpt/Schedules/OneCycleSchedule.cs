namespace SimdOpt.Schedules;

/// <summary>How <see cref="OneCycleSchedule"/> moves between its corner values.</summary>
public enum OneCycleAnnealing
{
    /// <summary><c>end + (start - end) / 2 * (Math.Cos(Math.PI * pct) + 1)</c> (PyTorch's default).</summary>
    Cosine,

    /// <summary><c>(end - start) * pct + start</c>.</summary>
    Linear,
}

/// <summary>
/// PyTorch's <c>OneCycleLR</c> (two phases) as a function of the step counter <c>c</c>, in double:
/// <c>initial = maxLearningRate / divFactor</c>, <c>final = initial / finalDivFactor</c>,
/// <c>e1 = pctStart * totalSteps - 1</c>, <c>e2 = totalSteps - 1</c>.
/// For <c>c &lt;= e1</c>: <c>anneal(initial, maxLearningRate, c / e1)</c>;
/// otherwise <c>anneal(maxLearningRate, final, min((c - e1) / (e2 - e1), 1))</c>, where <c>anneal(start, end, pct)</c> is
/// <c>end + (start - end) / 2 * (Math.Cos(Math.PI * pct) + 1)</c> (cosine) or <c>(end - start) * pct + start</c>
/// (linear), evaluated in that order and clamped to the closed interval between <c>start</c> and <c>end</c>.
/// Unlike PyTorch, which throws past <c>totalSteps</c>, counters from <c>totalSteps - 1</c> on give <c>final</c>.
/// </summary>
public sealed class OneCycleSchedule : LearningRateSchedule
{
    private readonly double _endOfWarmUp;
    private readonly double _endOfCycle;

    /// <summary>Creates the schedule.</summary>
    /// <param name="maxLearningRate">The peak rate; finite and in [0, +inf).</param>
    /// <param name="totalSteps">Steps in the cycle; in [2, +inf).</param>
    /// <param name="pctStart">Share of the cycle spent rising; in (1 / totalSteps, 1), with <c>pctStart * totalSteps - 1 &gt; 0</c> in double.</param>
    /// <param name="divFactor">The initial rate is <c>maxLearningRate / divFactor</c>; finite and in (0, +inf), and that rate finite.</param>
    /// <param name="finalDivFactor">The final rate is <c>initial / finalDivFactor</c>; finite and in (0, +inf), and that rate finite.</param>
    /// <param name="annealing">Cosine (default) or linear interpolation.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public OneCycleSchedule(
        double maxLearningRate,
        long totalSteps,
        double pctStart = 0.3,
        double divFactor = 25.0,
        double finalDivFactor = 1e4,
        OneCycleAnnealing annealing = OneCycleAnnealing.Cosine)
    {
        ScheduleCheck.Rate(maxLearningRate, nameof(maxLearningRate));
        if (totalSteps < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"totalSteps must be in [2, {long.MaxValue}]; got {totalSteps}.");
        }

        ScheduleCheck.Open(pctStart, 1.0 / totalSteps, 1, nameof(pctStart));
        ScheduleCheck.Positive(divFactor, nameof(divFactor));
        ScheduleCheck.Positive(finalDivFactor, nameof(finalDivFactor));
        if (!Enum.IsDefined(annealing))
        {
            throw new ArgumentOutOfRangeException(nameof(annealing), annealing, "annealing must be Cosine or Linear.");
        }

        // The values At divides by and interpolates between, as they will be computed: pctStart * totalSteps can
        // round to exactly 1 although pctStart > 1 / totalSteps (then c / e1 would be 0 / 0), and a tiny divFactor
        // can make the initial rate infinite.
        var endOfWarmUp = (pctStart * totalSteps) - 1;
        if (!(endOfWarmUp > 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(pctStart), pctStart, $"pctStart * totalSteps must be above 1 in double (the warm-up must end after counter 0): pctStart must be in ({1.0 / totalSteps:R}, 1) and pctStart * {totalSteps} - 1 above 0; got pctStart = {pctStart:R}, pctStart * totalSteps - 1 = {endOfWarmUp:R}.");
        }

        ScheduleCheck.Rate(maxLearningRate / divFactor, "maxLearningRate / divFactor");
        ScheduleCheck.Rate(maxLearningRate / divFactor / finalDivFactor, "maxLearningRate / divFactor / finalDivFactor");
        MaxLearningRate = maxLearningRate;
        TotalSteps = totalSteps;
        PctStart = pctStart;
        Annealing = annealing;
        InitialLearningRate = maxLearningRate / divFactor;
        FinalLearningRate = InitialLearningRate / finalDivFactor;
        _endOfWarmUp = endOfWarmUp;
        _endOfCycle = totalSteps - 1;
    }

    /// <summary>The peak rate, reached at counter <c>pctStart * totalSteps - 1</c>.</summary>
    public double MaxLearningRate { get; }

    /// <summary>The rate at counter 0: <c>maxLearningRate / divFactor</c>.</summary>
    public double InitialLearningRate { get; }

    /// <summary>The rate from counter <c>totalSteps - 1</c> on: <c>InitialLearningRate / finalDivFactor</c>.</summary>
    public double FinalLearningRate { get; }

    /// <summary>Steps in the cycle.</summary>
    public long TotalSteps { get; }

    /// <summary>Share of the cycle spent rising.</summary>
    public double PctStart { get; }

    /// <summary>Cosine or linear interpolation.</summary>
    public OneCycleAnnealing Annealing { get; }

    /// <inheritdoc />
    public override double At(long counter)
    {
        ScheduleCheck.Counter(counter);
        double c = counter;
        return c <= _endOfWarmUp
            ? Anneal(InitialLearningRate, MaxLearningRate, c / _endOfWarmUp)
            : Anneal(MaxLearningRate, FinalLearningRate, Math.Min((c - _endOfWarmUp) / (_endOfCycle - _endOfWarmUp), 1.0));
    }

    private double Anneal(double start, double end, double pct)
    {
        var value = Annealing == OneCycleAnnealing.Cosine
            ? end + ((start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1.0))
            : ((end - start) * pct) + start;
        return Math.Clamp(value, Math.Min(start, end), Math.Max(start, end));
    }
}
