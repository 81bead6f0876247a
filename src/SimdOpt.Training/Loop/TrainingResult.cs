namespace SimdOpt.Training.Loop;

/// <summary>What a training run produced.</summary>
/// <param name="Epochs">The number of epochs run.</param>
/// <param name="Steps">The number of optimizer steps (mini-batches) taken.</param>
/// <param name="FinalCost">The average cost of the last epoch (NaN when no epoch ran).</param>
/// <param name="Costs">The recorded costs, every <see cref="TrainingOptions.CostInterval"/> epochs and after the last.</param>
/// <param name="Elapsed">The wall time of the run.</param>
public sealed record TrainingResult(int Epochs, long Steps, double FinalCost, IReadOnlyList<CostPoint> Costs, TimeSpan Elapsed);
