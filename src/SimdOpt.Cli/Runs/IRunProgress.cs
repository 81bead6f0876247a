using SimdOpt.Training.Loop;

namespace SimdOpt.Cli.Runs;

/// <summary>Receives the progress of concurrent runs; implementations must be thread-safe.</summary>
internal interface IRunProgress
{
    /// <summary>Run <paramref name="run"/> is about to train.</summary>
    void Started(int run);

    /// <summary>The least time between two <see cref="Epoch"/> calls of one run.</summary>
    TimeSpan Interval { get; }

    /// <summary>Run <paramref name="run"/> has come as far as <paramref name="progress"/> says.</summary>
    void Epoch(int run, TrainingProgress progress);

    /// <summary>Run <paramref name="run"/> finished.</summary>
    void Finished(int run, RunOutcome outcome);
}
