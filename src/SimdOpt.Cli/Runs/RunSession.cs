using System.Diagnostics;
using System.Globalization;
using SimdOpt.Cli.Commands;
using SimdOpt.Cli.Reports;
using Spectre.Console;

namespace SimdOpt.Cli.Runs;

/// <summary>
/// What both commands do once their options are read: check the hyperparameters, train with progress
/// (live bars on a terminal, plain lines otherwise), print the results table and write the reports.
/// </summary>
internal static class RunSession
{
    /// <summary>Runs the plans and writes the reports into <paramref name="outputFolder"/>; returns the process exit code.</summary>
    public static int Run(IAnsiConsole console, bool interactive, Experiment experiment, IReadOnlyList<RunPlan> plans, string outputFolder)
    {
        RunExecutor.CheckNetworkSize(experiment);
        _ = TrainingWarmUp.Start(experiment, plans);
        RunExecutor.Validate(experiment, plans);
        OutputPaths.Folder("--out", outputFolder);
        console.MarkupLineInterpolated($"Training {plans.Count} run(s) of {experiment.Training.Epochs} epochs on {experiment.DataSource} ({experiment.Data.Count} examples), {Environment.ProcessorCount} thread(s).");
        var stopwatch = Stopwatch.StartNew();
        var outcomes = interactive
            ? SpectreRunProgress.Run(console, experiment, plans)
            : RunExecutor.Execute(experiment, plans, new PlainRunProgress(console, plans, experiment.Training.Epochs));
        stopwatch.Stop();

        console.Write(ResultsTable.Build(outcomes));
        foreach (var outcome in outcomes.Where(o => o.Plan.Schedule is not null))
        {
            var plan = outcome.Plan;
            var line = plan.Schedule!.IsPlateau
                ? string.Create(CultureInfo.InvariantCulture, $"{plan.Name}: --schedule {plan.Schedule.Text} on each epoch's cost, base lr {plan.Optimizer.LearningRate}, final lr {outcome.FinalLearningRate}.")
                : string.Create(CultureInfo.InvariantCulture, $"{plan.Name}: --schedule {plan.Schedule.Text} --schedule-by {RunPlan.CounterName(plan.ScheduleBy)}, base lr {plan.Optimizer.LearningRate}.");
            console.MarkupLineInterpolated($"[grey]{line}[/]");
        }

        foreach (var outcome in outcomes.Where(o => o.AverageAccuracy is not null))
        {
            console.MarkupLineInterpolated($"[grey]{string.Create(CultureInfo.InvariantCulture, $"{outcome.Plan.Name}: exponential moving average of the weights (--ema {outcome.Plan.EmaDecay}): accuracy {outcome.AverageAccuracy:F4}.")}[/]");
        }

        foreach (var outcome in outcomes.Where(o => o.Plan.Lookahead is not null))
        {
            console.MarkupLineInterpolated($"[grey]{string.Create(CultureInfo.InvariantCulture, $"{outcome.Plan.Name}: Lookahead (--lookahead {outcome.Plan.Lookahead!.Text}): slow weights synchronised every {outcome.Plan.Lookahead.SyncPeriod} optimizer steps.")}[/]");
        }

        foreach (var outcome in outcomes.Where(o => o.Plan.AccumulationSteps > 1))
        {
            console.MarkupLineInterpolated($"[grey]{string.Create(CultureInfo.InvariantCulture, $"{outcome.Plan.Name}: {outcome.Plan.AccumulationSteps} mini-batches per optimizer step (--accumulate), {outcome.Result.Steps} steps.")}[/]");
        }

        foreach (var outcome in outcomes.Where(o => o.Plan.Files?.Resume is not null))
        {
            console.MarkupLineInterpolated($"[grey]{outcome.Plan.Name}: resumed after epoch {experiment.Training.Epochs - outcome.Result.Epochs} from {outcome.Plan.Files!.Resume}; the costs and time cover the epochs trained since.[/]");
        }

        foreach (var plan in plans.Where(p => p.Note is not null))
        {
            console.MarkupLineInterpolated($"[grey]{plan.Name}: {plan.Note}[/]");
        }

        foreach (var outcome in outcomes.Where(o => o.Diverged))
        {
            console.MarkupLineInterpolated($"[yellow]{outcome.Plan.Name} diverged: a cost or a parameter became NaN or infinite (try a smaller --lr or a larger --eps). The reports record it.[/]");
        }

        console.MarkupLineInterpolated($"Wall time of the training: {stopwatch.Elapsed.TotalSeconds:F2} s.");
        var files = ReportWriter.Write(outputFolder, experiment, outcomes, stopwatch.Elapsed);
        console.MarkupLineInterpolated($"Wrote {string.Join(", ", files)} to {Path.GetFullPath(outputFolder)}");
        return 0;
    }
}
