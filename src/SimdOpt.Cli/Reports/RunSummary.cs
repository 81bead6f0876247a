using SimdOpt.Cli.Runs;
using SimdOpt.Training.Loop;

namespace SimdOpt.Cli.Reports;

/// <summary>One run as <c>summary.json</c> records it.</summary>
internal sealed record RunSummary(
    string Optimizer,
    string Title,
    IReadOnlyDictionary<string, double> Hyperparameters,
    string? Note,
    int Epochs,
    long Steps,
    double FinalCost,
    double Accuracy,
    double Seconds,
    double StepsPerSecond,
    IReadOnlyList<CostPoint> Costs,
    string BoundaryPlot)
{
    /// <summary>The summary of a finished run whose decision-boundary plot is <paramref name="boundaryPlot"/>.</summary>
    public static RunSummary From(RunOutcome o, string boundaryPlot) => new(
        o.Plan.Optimizer.Name,
        o.Plan.Title,
        new Dictionary<string, double>(OptimizerCatalog.Hyperparameters(o.Plan.Optimizer)),
        o.Plan.Note,
        o.Result.Epochs,
        o.Result.Steps,
        o.Result.FinalCost,
        o.Accuracy,
        o.Result.Elapsed.TotalSeconds,
        o.StepsPerSecond,
        o.Result.Costs,
        boundaryPlot);
}
