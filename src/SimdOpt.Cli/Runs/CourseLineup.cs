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

    /// <summary>The thirteen runs, in display order.</summary>
    public static IReadOnlyList<RunPlan> Create()
    {
        const double lr = CourseSettings.LearningRate;
        return
        [
            new(new OptimizerSettings { Name = "gd", LearningRate = lr }),
            new(new OptimizerSettings { Name = "gd", LearningRate = DecayLearningRate }, "the course's learning-rate decay, lr = 0.1 / (1 + floor(epoch / 1000)): 0.1 for epochs 0-999, 0.05 from 1000, 0.0333 from 2000, ..., 0.01 from 9000.")
            {
                Name = "gd-decay",
                Schedule = ScheduleSpec.Parse(DecaySchedule),
                ScheduleBy = ScheduleCounter.Epoch,
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
        ];
    }
}
