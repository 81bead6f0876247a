using SimdOpt.Cli.Runs;
using SimdOpt.Training.Loop;

namespace SimdOpt.Cli.Reports;

/// <summary>
/// One run as <c>summary.json</c> records it. <see cref="Diverged"/> is true when a cost or a trained parameter
/// became NaN or infinite; such numbers are written as the JSON strings <c>"NaN"</c>, <c>"Infinity"</c> and
/// <c>"-Infinity"</c> (docs/reports.md).
/// </summary>
internal sealed record RunSummary(
    string Name,
    string Optimizer,
    string Title,
    IReadOnlyDictionary<string, double> Hyperparameters,
    ScheduleSummary? Schedule,
    string? Note,
    bool Diverged,
    int Epochs,
    long Steps,
    double FinalCost,
    double Accuracy,
    double Seconds,
    double StepsPerSecond,
    double FirstEpochSeconds,
    double SteadyStepsPerSecond,
    IReadOnlyList<CostPoint> Costs,
    string? BoundaryPlot,
    int AccumulationSteps,
    double FinalLearningRate,
    AverageSummary? Ema,
    LookaheadSummary? Lookahead)
{
    /// <summary>The summary of a finished run whose decision-boundary plot is <paramref name="boundaryPlot"/> (null when none is drawn).</summary>
    public static RunSummary From(RunOutcome o, string? boundaryPlot) => new(
        o.Plan.Name,
        o.Plan.Optimizer.Name,
        o.Plan.Title,
        new Dictionary<string, double>(OptimizerCatalog.Hyperparameters(o.Plan.Optimizer)),
        o.Plan.Schedule is { } schedule ? new ScheduleSummary(schedule.Text, RunPlan.CounterName(o.Plan.ScheduleBy), o.Plan.Optimizer.LearningRate) : null,
        o.Plan.Note,
        o.Diverged,
        o.Result.Epochs,
        o.Result.Steps,
        o.Result.FinalCost,
        o.Accuracy,
        o.Result.Elapsed.TotalSeconds,
        o.Result.StepsPerSecond,
        o.Result.FirstEpochElapsed.TotalSeconds,
        o.Result.SteadyStepsPerSecond,
        o.Result.Costs,
        boundaryPlot,
        o.Plan.AccumulationSteps,
        o.FinalLearningRate,
        o.Plan.EmaDecay is { } decay && o.AverageAccuracy is { } accuracy ? new AverageSummary(decay, accuracy) : null,
        o.Plan.Lookahead is { } lookahead ? new LookaheadSummary(lookahead.SyncPeriod, lookahead.Alpha) : null);
}

/// <summary>A run's Lookahead (<c>--lookahead</c>) as <c>summary.json</c> records it.</summary>
/// <param name="SyncPeriod">Optimizer steps between synchronisations (K).</param>
/// <param name="Alpha">The slow weights' step towards the fast ones.</param>
internal sealed record LookaheadSummary(int SyncPeriod, double Alpha);

/// <summary>The exponential moving average of a run's weights (<c>--ema</c>) as <c>summary.json</c> records it.</summary>
/// <param name="Decay">The average's decay.</param>
/// <param name="Accuracy">The training accuracy of the averaged weights, in [0, 1].</param>
internal sealed record AverageSummary(double Decay, double Accuracy);

/// <summary>A run's learning-rate schedule as <c>summary.json</c> records it.</summary>
/// <param name="Spec">The <c>--schedule</c> spec, such as <c>inverse-time:rate=1,interval=1000</c>.</param>
/// <param name="By">What the schedule counts: <c>epoch</c>, <c>step</c> or <c>epoch-end</c> (a <c>plateau</c> spec reads each epoch's cost instead).</param>
/// <param name="BaseLearningRate">The spec's base (peak) rate, the run's <c>lr</c>.</param>
internal sealed record ScheduleSummary(string Spec, string By, double BaseLearningRate);
