namespace SimdOpt.Training.Loop;

/// <summary>What a <see cref="TrainingOptions.Schedule"/> counts.</summary>
public enum ScheduleCounter
{
    /// <summary>
    /// Epochs completed before the current one: every step of epoch <c>e</c> (0-based) uses <c>Schedule.At(e)</c>.
    /// The course's decay formulas (<c>lr0 / (1 + decay_rate * epoch)</c>, <c>0.95^epoch * lr0</c>) count this.
    /// </summary>
    Epoch,

    /// <summary>
    /// Optimizer steps (mini-batches) taken before the current one: step <c>t</c> (0-based, counted over the whole
    /// run) uses <c>Schedule.At(t)</c>. The course's <c>k / sqrt(t) * lr0</c> counts this.
    /// </summary>
    Step,
}
