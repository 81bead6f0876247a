using SimdOpt.Schedules;

namespace SimdOpt.Training.Loop;

/// <summary>How a <see cref="Trainer"/> runs; the defaults are the course's.</summary>
public sealed record TrainingOptions
{
    /// <summary>The number of passes over the training set (course: 10,000).</summary>
    public int Epochs { get; init; } = 10_000;

    /// <summary>The mini-batch size (course: 64).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// The shuffle seed before the first epoch (course: 10). Each epoch first increments it, then shuffles with
    /// <c>np.random.seed(seed); np.random.permutation(m)</c>, so the first epoch uses 11.
    /// </summary>
    public uint ShuffleSeed { get; init; } = 10;

    /// <summary>The cost is recorded after every epoch whose 0-based index is a multiple of this (course: 100), and after the last.</summary>
    public int CostInterval { get; init; } = 100;

    /// <summary>
    /// Optional learning-rate schedule. Before every optimizer step the trainer sets <c>Optimizer.LearningRate</c>
    /// to <c>Schedule.At(counter)</c>, where the counter is chosen by <see cref="ScheduleCounter"/>. Null keeps the
    /// optimizer's learning rate. Do not also set the optimizer's own <c>Optimizer.Schedule</c>.
    /// </summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// What <see cref="Schedule"/> counts: <see cref="ScheduleCounter.Epoch"/> (the default; epoch <c>e</c>, from 0,
    /// trains at <c>Schedule.At(e)</c>), <see cref="ScheduleCounter.Step"/> (step <c>t</c>, from 0, trains at
    /// <c>Schedule.At(t)</c>) or <see cref="ScheduleCounter.EpochEnd"/> (the course's loop: epoch 0 trains at
    /// <c>Schedule.At(0)</c>, epoch <c>e &gt;= 1</c> at <c>Schedule.At(e - 1)</c>).
    /// </summary>
    public ScheduleCounter ScheduleCounter { get; init; } = ScheduleCounter.Epoch;

    /// <summary>
    /// Mini-batches per optimizer step (gradient accumulation, Optax <c>MultiSteps</c>; default 1). With k &gt; 1 the
    /// gradients of k consecutive mini-batches (across epoch ends) are summed by a
    /// <see cref="SimdOpt.Gradients.GradientAccumulator"/> and one step is taken with their mean; the schedule's step
    /// counter then counts these steps. In [1, 2^24].
    /// </summary>
    public int AccumulationSteps { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CostInterval);
        ArgumentOutOfRangeException.ThrowIfLessThan(AccumulationSteps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(AccumulationSteps, 1 << 24);
        if (!Enum.IsDefined(ScheduleCounter))
        {
            throw new ArgumentOutOfRangeException(nameof(ScheduleCounter), ScheduleCounter, "ScheduleCounter must be Epoch, Step or EpochEnd.");
        }
    }
}
