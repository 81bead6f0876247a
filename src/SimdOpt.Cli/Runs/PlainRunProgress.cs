using System.Globalization;
using SimdOpt.Training.Loop;
using Spectre.Console;

namespace SimdOpt.Cli.Runs;

/// <summary>Plain progress lines (at most one per run every two seconds, and when a run ends) for logs and redirected output.</summary>
internal sealed class PlainRunProgress : IRunProgress
{
    private readonly IAnsiConsole _console;
    private readonly IReadOnlyList<RunPlan> _plans;
    private readonly int _epochs;
    private readonly Lock _lock = new();

    /// <summary>Writes progress of <paramref name="plans"/> over <paramref name="epochs"/> epochs each to <paramref name="console"/>.</summary>
    public PlainRunProgress(IAnsiConsole console, IReadOnlyList<RunPlan> plans, int epochs)
    {
        _console = console;
        _plans = plans;
        _epochs = epochs;
    }

    /// <inheritdoc />
    public void Started(int run) => Write(run, "started");

    /// <inheritdoc />
    public TimeSpan Interval => TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public void Epoch(int run, TrainingProgress progress)
    {
        if (progress.EpochsCompleted < _epochs && progress.LastCost is { } cost)
        {
            Write(run, string.Create(CultureInfo.InvariantCulture, $"epoch {progress.EpochsCompleted}/{_epochs}  cost {cost.Cost:F6} (epoch {cost.Epoch})"));
        }
    }

    /// <inheritdoc />
    public void Finished(int run, RunOutcome outcome) =>
        Write(run, string.Create(CultureInfo.InvariantCulture, $"done: {outcome.Result.Epochs} epochs in {outcome.Result.Elapsed.TotalSeconds:F2} s, cost {outcome.Result.FinalCost:F6}, accuracy {outcome.Accuracy:F4}"));

    private void Write(int run, string message)
    {
        lock (_lock)
        {
            _console.WriteLine($"[{_plans[run].Name}] {message}");
        }
    }
}
