namespace SimdOpt.Training.Loop;

/// <summary>How far a run is, as <see cref="Trainer.Train"/> reports it.</summary>
/// <param name="EpochsCompleted">The epochs completed so far (over the whole run, including epochs before a resume).</param>
/// <param name="LastCost">The most recently recorded cost, or null before the first.</param>
public readonly record struct TrainingProgress(int EpochsCompleted, CostPoint? LastCost);
