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

    /// <summary>
    /// The course's training loop: the rate is updated after an epoch's mini-batches
    /// (<c>learning_rate = decay(learning_rate0, i)</c> at the end of epoch i), so epoch 0 uses <c>Schedule.At(0)</c>
    /// and epoch <c>e &gt;= 1</c> uses <c>Schedule.At(e - 1)</c>: epochs 0 and 1 train at the same rate.
    /// </summary>
    EpochEnd,
}
