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
    /// Optional learning rate per step: called before every optimizer step with the number of steps taken so
    /// far (0 for the first), and the result becomes <c>Optimizer.LearningRate</c>. A learning-rate schedule
    /// plugs in here through its <c>At</c> method; null keeps the optimizer's learning rate.
    /// </summary>
    public Func<long, double>? LearningRateAt { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CostInterval);
    }
}
