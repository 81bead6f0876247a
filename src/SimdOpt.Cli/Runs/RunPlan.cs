using SimdOpt.Averaging;
using SimdOpt.Parameters;
using SimdOpt.Schedules;
using SimdOpt.Training.Loop;

namespace SimdOpt.Cli.Runs;

/// <summary>One training run to make: an optimizer, an optional learning-rate schedule, and why its settings differ from the course's (if they do).</summary>
/// <param name="Optimizer">The optimizer and its hyperparameters; its learning rate is the schedule's base rate.</param>
/// <param name="Note">Why a setting departs from the course's, or null.</param>
internal sealed record RunPlan(OptimizerSettings Optimizer, string? Note = null)
{
    /// <summary>The run's name in tables, progress lines, legends and file names; the optimizer's name unless set.</summary>
    public string Name { get => field ?? Optimizer.Name; init; }

    /// <summary>The learning-rate schedule, or null for the constant <see cref="OptimizerSettings.LearningRate"/>.</summary>
    public ScheduleSpec? Schedule { get; init; }

    /// <summary>What <see cref="Schedule"/> counts.</summary>
    public ScheduleCounter ScheduleBy { get; init; } = ScheduleCounter.Epoch;

    /// <summary>Mini-batches per optimizer step (gradient accumulation); 1 for none.</summary>
    public int AccumulationSteps { get; init; } = 1;

    /// <summary>The decay of an exponential moving average of the weights kept while training (<c>--ema</c>), or null for none.</summary>
    public double? EmaDecay { get; init; }

    /// <summary>The Lookahead around the optimizer (<c>--lookahead</c>), or null for none.</summary>
    public LookaheadSpec? Lookahead { get; init; }

    /// <summary>The checkpoint to resume from and the files to write while and after training, or null for none.</summary>
    public RunFiles? Files { get; init; }

    /// <summary>The run's readable title: the optimizer's, followed by the schedule family when there is one.</summary>
    public string Title => Schedule is null
        ? OptimizerCatalog.Title(Optimizer.Name)
        : $"{OptimizerCatalog.Title(Optimizer.Name)}, {Schedule.FamilyName}";

    /// <summary>
    /// The loop's options for this run: <paramref name="shared"/> with this run's accumulation and schedule (a
    /// plateau scheduler is not part of the options: see <see cref="Plateau"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The schedule rejects the learning rate.</exception>
    public TrainingOptions Training(TrainingOptions shared)
    {
        var options = shared with { AccumulationSteps = AccumulationSteps };
        return Schedule is null || Schedule.IsPlateau
            ? options
            : options with { Schedule = Schedule.Create(Optimizer.LearningRate), ScheduleCounter = ScheduleBy };
    }

    /// <summary>The run's plateau scheduler, starting at its learning rate, or null when its schedule is not <c>plateau</c>.</summary>
    /// <exception cref="ArgumentException">The spec rejects the learning rate.</exception>
    public ReduceLearningRateOnPlateau? Plateau() => Schedule is { IsPlateau: true } spec ? spec.CreatePlateau(Optimizer.LearningRate) : null;

    /// <summary>The run's exponential moving average of the weights over <paramref name="layout"/>, or null without <see cref="EmaDecay"/>.</summary>
    public WeightAverage? Average(ParameterLayout layout) => EmaDecay is { } decay ? WeightAverage.Exponential(layout, decay) : null;

    /// <summary>The <c>--schedule-by</c> names, in the order <see cref="ScheduleCounter"/> declares them.</summary>
    public static IReadOnlyList<string> CounterNames { get; } = ["epoch", "step", "epoch-end"];

    /// <summary><c>epoch</c>, <c>step</c> or <c>epoch-end</c>.</summary>
    public static string CounterName(ScheduleCounter counter) => CounterNames[(int)counter];

    /// <summary>The counter a <c>--schedule-by</c> name stands for.</summary>
    public static ScheduleCounter ParseCounter(string name) => (ScheduleCounter)Math.Max(0, IndexOf(name));

    private static int IndexOf(string name)
    {
        for (var i = 0; i < CounterNames.Count; i++)
        {
            if (CounterNames[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
