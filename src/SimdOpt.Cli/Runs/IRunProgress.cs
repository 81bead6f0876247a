namespace SimdOpt.Cli.Runs;

/// <summary>Receives the progress of concurrent runs; implementations must be thread-safe.</summary>
internal interface IRunProgress
{
    /// <summary>Run <paramref name="run"/> is about to train.</summary>
    void Started(int run);

    /// <summary>Run <paramref name="run"/> completed <paramref name="epochs"/> epochs; the last one's cost was <paramref name="cost"/>.</summary>
    void Epoch(int run, int epochs, double cost);

    /// <summary>Run <paramref name="run"/> finished.</summary>
    void Finished(int run, RunOutcome outcome);
}
