namespace SimdOpt.State;

/// <summary>What a loaded checkpoint held besides the buffers it restored.</summary>
/// <param name="Kind">The optimizer's type name, for example <c>Adam</c>.</param>
/// <param name="StepCount">The restored <see cref="Optimizers.Optimizer.StepCount"/>.</param>
/// <param name="LearningRate">The restored <see cref="Optimizers.Optimizer.LearningRate"/>.</param>
/// <param name="Counter">
/// The caller's own counter saved with the checkpoint (for example an epoch or a schedule position that is
/// not the step count); 0 when none was given.
/// </param>
/// <param name="HasParameters">Whether the file holds the parameters as well as the optimizer state.</param>
public sealed record CheckpointInfo(string Kind, long StepCount, double LearningRate, long Counter, bool HasParameters)
{
    /// <summary>Whether the file holds a <see cref="Averaging.WeightAverage"/> (restored when a target for it was given).</summary>
    public bool HasAverage { get; init; }

    /// <summary>Whether the file holds a <see cref="Schedules.ReduceLearningRateOnPlateau"/>'s state (restored when a target for it was given).</summary>
    public bool HasPlateau { get; init; }

    /// <summary>Whether the file holds a <see cref="Optimizers.Lookahead"/>'s slow weights (restored when a target for it was given).</summary>
    public bool HasLookahead { get; init; }
}
