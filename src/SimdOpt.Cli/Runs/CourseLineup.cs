using SimdOpt.Optimizers;
using SimdOpt.Training.Loop;

namespace SimdOpt.Cli.Runs;

/// <summary>
/// The runs of <c>simdopt compare</c>: every optimizer on the course network at the course settings, and gradient
/// descent with the course's inverse-time learning-rate decay.
/// </summary>
internal static class CourseLineup
{
    /// <summary>AdaGrad's learning rate: its steps shrink like lr / sqrt(t), so the course's 0.0007 barely moves the weights.</summary>
    public const double AdaGradLearningRate = 0.1;

    /// <summary>The initial learning rate of the decaying gradient-descent run (the course's learning-rate-decay section).</summary>
    public const double DecayLearningRate = 0.1;

    /// <summary>The decaying run's schedule: <c>lr = lr0 / (1 + 1 * floor(epoch / 1000))</c>.</summary>
    public const string DecaySchedule = "inverse-time:rate=1,interval=1000";

    /// <summary>Lion's second beta: Optax's default 0.99 (the other rules' beta2 is 0.999).</summary>
    public const double LionBeta2 = 0.99;

    /// <summary>The number of epochs of the course's learning-rate-decay runs.</summary>
    public const int DecayEpochs = 5_000;

    /// <summary>The smooth decay of the course's <c>update_lr</c> (rate 1): <c>lr = lr0 / (1 + epoch)</c>.</summary>
    public const string SmoothDecaySchedule = "inverse-time:rate=1";

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
            new(new OptimizerSettings { Name = "momentum", LearningRate = DecayLearningRate, Beta = CourseSettings.Beta }, StaircaseNote) { Name = "momentum-schedule", Schedule = staircase, ScheduleBy = ScheduleCounter.EpochEnd },
            new(new OptimizerSettings { Name = "adam", LearningRate = 0.01, Beta1 = CourseSettings.Beta1, Beta2 = CourseSettings.Beta2, Epsilon = CourseSettings.Epsilon }, StaircaseNote) { Name = "adam-schedule", Schedule = staircase, ScheduleBy = ScheduleCounter.EpochEnd },
            new(new OptimizerSettings { Name = "gd", LearningRate = DecayLearningRate }, "update_lr: lr0 / (1 + epoch), set after each epoch: the rate falls to 0.1 / 5000 by the end.") { Name = "gd-update", Schedule = ScheduleSpec.Parse(SmoothDecaySchedule), ScheduleBy = ScheduleCounter.EpochEnd },
        ];
    }

    /// <summary>The fifteen runs, in display order.</summary>
    public static IReadOnlyList<RunPlan> Create()
    {
        const double lr = CourseSettings.LearningRate;
        return
        [
            new(new OptimizerSettings { Name = "gd", LearningRate = lr }),
            new(new OptimizerSettings { Name = "gd", LearningRate = DecayLearningRate }, "the course's learning-rate decay, lr = 0.1 / (1 + floor(epoch / 1000)) set after each epoch as the course's loop does: 0.1 for epochs 0-1000, 0.05 for 1001-2000, 0.0333 from 2001, ..., 0.01 from 9001.")
            {
                Name = "gd-decay",
                Schedule = ScheduleSpec.Parse(DecaySchedule),
                ScheduleBy = ScheduleCounter.EpochEnd,
            },
            new(new OptimizerSettings { Name = "momentum", LearningRate = lr, Beta = CourseSettings.Beta }),
            new(new OptimizerSettings { Name = "sgd-momentum", LearningRate = lr, Momentum = CourseSettings.Beta }, "PyTorch form v = 0.9 v + g: about 10x the moving-average form's step at the same lr."),
            new(new OptimizerSettings { Name = "nesterov", LearningRate = lr, Momentum = CourseSettings.Beta }, "PyTorch form, like sgd-momentum."),
            new(new OptimizerSettings { Name = "adagrad", LearningRate = AdaGradLearningRate }, $"lr {AdaGradLearningRate} instead of {lr}: AdaGrad's steps shrink like lr/sqrt(t), and at {lr} it barely moves."),
            new(new OptimizerSettings { Name = "rmsprop", LearningRate = lr }),
            new(new OptimizerSettings { Name = "adam", LearningRate = lr, Beta1 = CourseSettings.Beta1, Beta2 = CourseSettings.Beta2, Epsilon = CourseSettings.Epsilon }),
            new(new OptimizerSettings { Name = "adamw", LearningRate = lr, Beta1 = CourseSettings.Beta1, Beta2 = CourseSettings.Beta2, Epsilon = CourseSettings.Epsilon }),
            new(new OptimizerSettings { Name = "nadam", LearningRate = lr, Beta1 = CourseSettings.Beta1, Beta2 = CourseSettings.Beta2, Epsilon = CourseSettings.Epsilon }, "PyTorch's momentum schedule, momentum_decay 0.004."),
            new(new OptimizerSettings { Name = "radam", LearningRate = lr, Beta1 = CourseSettings.Beta1, Beta2 = CourseSettings.Beta2, Epsilon = CourseSettings.Epsilon }, "plain bias-corrected momentum for the first 5 steps (rho_t <= 5), then rectified Adam."),
            new(new OptimizerSettings { Name = "adamax", LearningRate = lr, Beta1 = CourseSettings.Beta1, Beta2 = CourseSettings.Beta2, Epsilon = CourseSettings.Epsilon }),
            new(new OptimizerSettings { Name = "lion", LearningRate = lr, Beta1 = CourseSettings.Beta1, Beta2 = LionBeta2 }, $"beta2 {LionBeta2}; every step moves each weight by lr."),
            new(new OptimizerSettings { Name = "adadelta", LearningRate = Adadelta.DefaultLearningRate }, $"lr {Adadelta.DefaultLearningRate} (PyTorch's default): Adadelta sizes its steps by its own running averages, and at {lr} it barely moves."),
            new(new OptimizerSettings { Name = "schedule-free-adamw", LearningRate = ScheduleFreeAdamW.DefaultLearningRate }, $"lr {ScheduleFreeAdamW.DefaultLearningRate} (the authors' default); trained at y, accuracy and boundary at the average x; the cost is the mini-batch average at y, as for every run."),
        ];
    }
}
