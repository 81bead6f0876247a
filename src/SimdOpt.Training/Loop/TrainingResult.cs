namespace SimdOpt.Training.Loop;

/// <summary>What a training run produced.</summary>
/// <param name="Epochs">The number of epochs run.</param>
/// <param name="Steps">The number of optimizer steps (mini-batches) taken.</param>
/// <param name="FinalCost">The average cost of the last epoch (NaN when no epoch ran).</param>
/// <param name="Costs">The recorded costs, every <see cref="TrainingOptions.CostInterval"/> epochs and after the last.</param>
/// <param name="Elapsed">The wall time of the run.</param>
/// <param name="FirstEpochSteps">The optimizer steps of the run's first epoch (0 when no epoch ran).</param>
/// <param name="FirstEpochElapsed">
/// The wall time of the run's first epoch, included in <paramref name="Elapsed"/>. In a fresh process it holds the
/// one-time cost of compiling the training code (the JIT), so <see cref="SteadyStepsPerSecond"/> leaves it out.
/// </param>
public sealed record TrainingResult(int Epochs, long Steps, double FinalCost, IReadOnlyList<CostPoint> Costs, TimeSpan Elapsed, long FirstEpochSteps, TimeSpan FirstEpochElapsed)
{
    /// <summary>Optimizer steps per second of wall time over the whole run, first epoch included (0 when no step was taken).</summary>
    public double StepsPerSecond => Rate(Steps, Elapsed);

    /// <summary>
    /// Optimizer steps per second of wall time after the first epoch: <c>(Steps - FirstEpochSteps) / (Elapsed - FirstEpochElapsed)</c>,
    /// the rate of a run whose code is already compiled (0 when the run had a single epoch).
    /// </summary>
    public double SteadyStepsPerSecond => Rate(Steps - FirstEpochSteps, Elapsed - FirstEpochElapsed);

    private static double Rate(long steps, TimeSpan elapsed) => steps == 0 ? 0 : steps / Math.Max(elapsed.TotalSeconds, 1e-9);
}
