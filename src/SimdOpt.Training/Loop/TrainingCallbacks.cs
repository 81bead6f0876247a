namespace SimdOpt.Training.Loop;

/// <summary>What <see cref="Trainer.Train"/> tells its caller while it runs: progress (limited by time) and save points.</summary>
public sealed record TrainingCallbacks
{
    /// <summary>Called at most once per <see cref="ProgressInterval"/> and after the last epoch.</summary>
    public Action<TrainingProgress>? Progress { get; init; }

    /// <summary>The least time between two <see cref="Progress"/> calls (the clock is read once per epoch).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Called with the number of epochs completed after every <see cref="SaveInterval"/>-th epoch of the run and after the last one.</summary>
    public Action<int>? Save { get; init; }

    /// <summary>The epochs between two <see cref="Save"/> calls (counted over the whole run); 0 saves after the last epoch only.</summary>
    public int SaveInterval { get; init; }
}
