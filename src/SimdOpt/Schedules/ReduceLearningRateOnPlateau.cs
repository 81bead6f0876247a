namespace SimdOpt.Schedules;

/// <summary>
/// PyTorch's <c>ReduceLROnPlateau</c>: fed one metric per epoch, it multiplies the learning rate by <c>factor</c>
/// when the metric has not improved for more than <c>patience</c> epochs. Per <see cref="Observe(double)"/>, in
/// this order:
/// <code>
/// improved = better(metric, best)             (see PlateauThresholdMode; a NaN metric never improves)
/// if improved: best = metric; badEpochs = 0 else badEpochs += 1
/// if cooldownCounter &gt; 0: cooldownCounter -= 1; badEpochs = 0
/// if badEpochs &gt; patience:
///     newLr = max(lr * factor, minLr); if lr - newLr &gt; eps: lr = newLr
///     cooldownCounter = cooldown; badEpochs = 0
/// </code>
/// It is not a <see cref="LearningRateSchedule"/> (the rate depends on the metrics, not on a counter alone):
/// assign <see cref="LearningRate"/> to the optimizer after each <see cref="Observe(double)"/>. The rate is always
/// finite and non-negative. Save <see cref="State"/> and <see cref="Restore"/> it to resume exactly.
/// </summary>
public sealed class ReduceLearningRateOnPlateau
{
    private PlateauState _state;

    /// <summary>Creates the scheduler with PyTorch's defaults.</summary>
    /// <param name="initialLearningRate">The starting rate; finite and in [0, +inf).</param>
    /// <param name="mode">Whether lower (a loss) or higher (an accuracy) is better.</param>
    /// <param name="factor">The multiplier of a reduction; in [0, 1).</param>
    /// <param name="patience">Epochs without improvement that are tolerated; in [0, +inf).</param>
    /// <param name="threshold">The margin an improvement must beat; finite and in [0, +inf).</param>
    /// <param name="thresholdMode">Whether <paramref name="threshold"/> is relative or absolute.</param>
    /// <param name="cooldown">Epochs after a reduction during which bad epochs are not counted; in [0, +inf).</param>
    /// <param name="minLearningRate">The floor of the rate; finite and in [0, +inf).</param>
    /// <param name="eps">A reduction smaller than this is not applied; finite and in [0, +inf).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public ReduceLearningRateOnPlateau(
        double initialLearningRate,
        PlateauMode mode = PlateauMode.Min,
        double factor = 0.1,
        long patience = 10,
        double threshold = 1e-4,
        PlateauThresholdMode thresholdMode = PlateauThresholdMode.Relative,
        long cooldown = 0,
        double minLearningRate = 0.0,
        double eps = 1e-8)
    {
        ScheduleCheck.Rate(initialLearningRate, nameof(initialLearningRate));
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode must be Min or Max.");
        }

        if (!(factor >= 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"factor must be in [0, 1); got {factor:R}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ScheduleCheck.Rate(threshold, nameof(threshold));
        if (!Enum.IsDefined(thresholdMode))
        {
            throw new ArgumentOutOfRangeException(nameof(thresholdMode), thresholdMode, "thresholdMode must be Relative or Absolute.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        ScheduleCheck.Rate(minLearningRate, nameof(minLearningRate));
        ScheduleCheck.Rate(eps, nameof(eps));
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
        Eps = eps;
        _state = new PlateauState(initialLearningRate, WorstMetric, 0, 0, 0);
    }

    /// <summary>Whether lower or higher is better.</summary>
    public PlateauMode Mode { get; }

    /// <summary>The multiplier of a reduction.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement that are tolerated.</summary>
    public long Patience { get; }

    /// <summary>The margin an improvement must beat.</summary>
    public double Threshold { get; }

    /// <summary>Whether <see cref="Threshold"/> is relative or absolute.</summary>
    public PlateauThresholdMode ThresholdMode { get; }

    /// <summary>Epochs after a reduction during which bad epochs are not counted.</summary>
    public long Cooldown { get; }

    /// <summary>The floor of the rate.</summary>
    public double MinLearningRate { get; }

    /// <summary>A reduction smaller than this is not applied.</summary>
    public double Eps { get; }

    /// <summary>The current learning rate.</summary>
    public double LearningRate => _state.LearningRate;

    /// <summary>Everything the scheduler remembers; pass it to <see cref="Restore"/> to resume exactly.</summary>
    public PlateauState State => _state;

    private double WorstMetric => Mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>Takes the metric of one epoch and updates <see cref="LearningRate"/>.</summary>
    /// <param name="metric">The epoch's metric; NaN counts as no improvement.</param>
    /// <returns>Whether the rate was reduced.</returns>
    public bool Observe(double metric)
    {
        var s = _state;
        var best = s.Best;
        var bad = s.BadEpochs;
        if (IsBetter(metric, best))
        {
            best = metric;
            bad = 0;
        }
        else
        {
            bad++;
        }

        var cooldown = s.CooldownCounter;
        if (cooldown > 0)
        {
            cooldown--;
            bad = 0;
        }

        var rate = s.LearningRate;
        var reduced = false;
        if (bad > Patience)
        {
            var next = Math.Max(rate * Factor, MinLearningRate);
            if (rate - next > Eps)
            {
                rate = next;
                reduced = true;
            }

            cooldown = Cooldown;
            bad = 0;
        }

        _state = new PlateauState(rate, best, bad, cooldown, s.Epochs + 1);
        return reduced;
    }

    /// <summary>Restores a state saved from <see cref="State"/> (of a scheduler with the same settings).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is outside its range: the rate negative or not finite, the best metric NaN, a count negative, the cooldown counter above <see cref="Cooldown"/>.</exception>
    public void Restore(PlateauState state)
    {
        CheckRestorable(state);
        _state = state;
    }

    /// <summary>Throws what <see cref="Restore"/> would throw for <paramref name="state"/>, changing nothing.</summary>
    internal void CheckRestorable(PlateauState state)
    {
        ScheduleCheck.Rate(state.LearningRate, nameof(state.LearningRate));
        if (double.IsNaN(state.Best))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state.Best, "Best must not be NaN.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(state.BadEpochs, nameof(state.BadEpochs));
        ArgumentOutOfRangeException.ThrowIfNegative(state.Epochs, nameof(state.Epochs));
        if (state.CooldownCounter < 0 || state.CooldownCounter > Cooldown)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state.CooldownCounter, $"CooldownCounter must be in [0, {Cooldown}]; got {state.CooldownCounter}.");
        }
    }

    private bool IsBetter(double metric, double best) => (Mode, ThresholdMode) switch
    {
        (PlateauMode.Min, PlateauThresholdMode.Relative) => metric < best * (1.0 - Threshold),
        (PlateauMode.Min, PlateauThresholdMode.Absolute) => metric < best - Threshold,
        (PlateauMode.Max, PlateauThresholdMode.Relative) => metric > best * (Threshold + 1.0),
        _ => metric > best + Threshold,
    };
}
