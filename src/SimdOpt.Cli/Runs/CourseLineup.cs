using System.Globalization;
using SimdOpt.Optimizers;
using SimdOpt.Training.Loop;

namespace SimdOpt.Cli.Runs;

/// <summary>
/// The runs of <c>simdopt compare</c>: every preset of the rule catalogue on the course network at the course's
/// learning rate with the options records' defaults (the course's own rules, gradient descent and moving-average
/// momentum, first), gradient descent with the course's inverse-time learning-rate decay, and the course's
/// learning-rate-decay section.
/// </summary>
internal static class CourseLineup
{
    /// <summary>AdaGrad's learning rate: its steps shrink like lr / sqrt(t), so the course's 0.0007 barely moves the weights.</summary>
    public const double AdaGradLearningRate = 0.1;

    /// <summary>The initial learning rate of the decaying gradient-descent run (the course's learning-rate-decay section).</summary>
    public const double DecayLearningRate = 0.1;

    /// <summary>The decaying run's schedule: <c>lr = lr0 / (1 + 1 * floor(epoch / 1000))</c>.</summary>
    public const string DecaySchedule = "inverse-time:rate=1,interval=1000";

    /// <summary>The number of epochs of the course's learning-rate-decay runs.</summary>
    public const int DecayEpochs = 5_000;

    /// <summary>The smooth decay of the course's <c>update_lr</c> (rate 1): <c>lr = lr0 / (1 + epoch)</c>.</summary>
    public const string SmoothDecaySchedule = "inverse-time:rate=1";

    /// <summary>The presets the course itself teaches, shown first in this order; the others follow in the catalogue's order.</summary>
    private static readonly string[] CourseRules = ["gd", "momentum"];

    /// <summary>Presets that run at another learning rate than the course's, with the reason.</summary>
    private static readonly Dictionary<string, (double LearningRate, string Note)> LearningRates = new(StringComparer.Ordinal)
    {
        ["adagrad"] = (AdaGradLearningRate, $"lr {AdaGradLearningRate} instead of {CourseSettings.LearningRate}: AdaGrad's steps shrink like lr/sqrt(t), and at {CourseSettings.LearningRate} it barely moves."),
        ["adadelta"] = (Adadelta.DefaultLearningRate, $"lr {Adadelta.DefaultLearningRate} (PyTorch's default): Adadelta sizes its steps by its own running averages, and at {CourseSettings.LearningRate} it barely moves."),
        ["schedule-free-adamw"] = (ScheduleFreeAdamW.DefaultLearningRate, $"lr {ScheduleFreeAdamW.DefaultLearningRate} (the authors' default); trained at y, accuracy and boundary at the average x; the cost is the mini-batch average at y, as for every run."),
    };

    /// <summary>Remarks shown beside a run.</summary>
    private static readonly Dictionary<string, string> Notes = new(StringComparer.Ordinal)
    {
        ["sgd-momentum"] = "PyTorch form v = 0.9 v + g: about 10x the moving-average form's step at the same lr.",
        ["nesterov"] = "PyTorch form, like sgd-momentum.",
        ["nadam"] = "PyTorch's momentum schedule, momentum_decay 0.004.",
        ["radam"] = "plain bias-corrected momentum for the first 5 steps (rho_t <= 5), then rectified Adam.",
        ["lion"] = $"beta2 {new LionOptions().Beta2}; every step moves each weight by lr.",
    };

    /// <summary>The presets that run at another rate, as <c>name rate</c> pairs for help texts (<c>adagrad 0.1</c>).</summary>
    public static string OtherLearningRates => string.Join("; ", LearningRates.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value.LearningRate}")));

    /// <summary>The learning rate <c>compare</c> and <c>train</c> use for <paramref name="name"/>: the course's, unless the preset needs another.</summary>
    public static double LearningRate(string name) => LearningRates.TryGetValue(name, out var rate) ? rate.LearningRate : CourseSettings.LearningRate;

    /// <summary>
    /// The course's learning-rate-decay section: gradient descent and momentum at lr 0.1 and Adam at lr 0.01 with
    /// <c>schedule_lr_decay</c> (interval 1000, rate 1), and gradient descent at lr 0.1 with <c>update_lr</c> (rate 1),
    /// every rate set after each epoch as the course's loop does (<see cref="ScheduleCounter.EpochEnd"/>); run for
    /// <see cref="DecayEpochs"/> epochs.
    /// </summary>
    public static IReadOnlyList<RunPlan> CreateDecay()
    {
        var staircase = ScheduleSpec.Parse(DecaySchedule);
        const string StaircaseNote = "schedule_lr_decay: lr0 / (1 + floor(epoch / 1000)), set after each epoch.";
        return
        [
            new(new OptimizerSettings { Name = "gd", LearningRate = DecayLearningRate }, StaircaseNote) { Name = "gd-schedule", Schedule = staircase, ScheduleBy = ScheduleCounter.EpochEnd },
            new(new OptimizerSettings { Name = "momentum", LearningRate = DecayLearningRate }, StaircaseNote) { Name = "momentum-schedule", Schedule = staircase, ScheduleBy = ScheduleCounter.EpochEnd },
            new(new OptimizerSettings { Name = "adam", LearningRate = 0.01 }, StaircaseNote) { Name = "adam-schedule", Schedule = staircase, ScheduleBy = ScheduleCounter.EpochEnd },
            new(new OptimizerSettings { Name = "gd", LearningRate = DecayLearningRate }, "update_lr: lr0 / (1 + epoch), set after each epoch: the rate falls to 0.1 / 5000 by the end.") { Name = "gd-update", Schedule = ScheduleSpec.Parse(SmoothDecaySchedule), ScheduleBy = ScheduleCounter.EpochEnd },
        ];
    }

    /// <summary>Every preset, the course's rules first, with the decaying gradient-descent run after plain gradient descent.</summary>
    public static IReadOnlyList<RunPlan> Create()
    {
        var plans = new List<RunPlan>();
        foreach (var name in CourseRules.Concat(OptimizerCatalog.Names.Except(CourseRules)))
        {
            var note = LearningRates.TryGetValue(name, out var rate) ? rate.Note : Notes.GetValueOrDefault(name);
            plans.Add(new RunPlan(new OptimizerSettings { Name = name, LearningRate = LearningRate(name) }, note));
            if (name == "gd")
            {
                plans.Add(new(new OptimizerSettings { Name = "gd", LearningRate = DecayLearningRate }, "the course's learning-rate decay, lr = 0.1 / (1 + floor(epoch / 1000)) set after each epoch as the course's loop does: 0.1 for epochs 0-1000, 0.05 for 1001-2000, 0.0333 from 2001, ..., 0.01 from 9001.")
                {
                    Name = "gd-decay",
                    Schedule = ScheduleSpec.Parse(DecaySchedule),
                    ScheduleBy = ScheduleCounter.EpochEnd,
                });
            }
        }

        return plans;
    }
}
