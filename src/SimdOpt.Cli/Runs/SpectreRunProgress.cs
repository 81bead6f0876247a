using System.Globalization;
using SimdOpt.Training.Loop;
using Spectre.Console;

namespace SimdOpt.Cli.Runs;

/// <summary>Live progress bars, one per run, for an interactive terminal.</summary>
internal sealed class SpectreRunProgress : IRunProgress
{
    private readonly IReadOnlyList<ProgressTask> _tasks;
    private readonly IReadOnlyList<RunPlan> _plans;

    /// <summary>Wraps one Spectre task per plan, in plan order.</summary>
    public SpectreRunProgress(IReadOnlyList<ProgressTask> tasks, IReadOnlyList<RunPlan> plans)
    {
        _tasks = tasks;
        _plans = plans;
    }

    /// <summary>Trains the plans while showing the bars on <paramref name="console"/>.</summary>
    public static IReadOnlyList<RunOutcome> Run(IAnsiConsole console, Experiment experiment, IReadOnlyList<RunPlan> plans) =>
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var tasks = plans.Select(p => context.AddTask(Markup.Escape(p.Name), autoStart: false, maxValue: experiment.Training.Epochs)).ToList();
                return RunExecutor.Execute(experiment, plans, new SpectreRunProgress(tasks, plans));
            });

    /// <inheritdoc />
    public void Started(int run) => _tasks[run].StartTask();

    /// <inheritdoc />
    public TimeSpan Interval => TimeSpan.FromMilliseconds(100);

    /// <inheritdoc />
    public void Epoch(int run, TrainingProgress progress)
    {
        _tasks[run].Value = progress.EpochsCompleted;
        if (progress.LastCost is { } cost)
        {
            _tasks[run].Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{_plans[run].Name,-13} cost {cost.Cost:F4}"));
        }
    }

    /// <inheritdoc />
    public void Finished(int run, RunOutcome outcome)
    {
        _tasks[run].Value = _tasks[run].MaxValue;
        _tasks[run].Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{_plans[run].Name,-13} cost {outcome.Result.FinalCost:F4}  accuracy {outcome.Accuracy:F4}"));
        _tasks[run].StopTask();
    }
}
