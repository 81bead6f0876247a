using SimdOpt.Training.Loop;

namespace SimdOpt.Cli.Runs;

/// <summary>The runs of <c>simdopt compare</c>: every optimizer on the course network at the course settings.</summary>
internal static class CourseLineup
{
    /// <summary>AdaGrad's learning rate: its steps shrink like lr / sqrt(t), so the course's 0.0007 barely moves the weights.</summary>
    public const double AdaGradLearningRate = 0.1;

    /// <summary>The eight runs, in display order.</summary>
    public static IReadOnlyList<RunPlan> Create()
    {
        const double lr = CourseSettings.LearningRate;
        return
        [
            new(new OptimizerSettings { Name = "gd", LearningRate = lr }),
            new(new OptimizerSettings { Name = "momentum", LearningRate = lr, Beta = CourseSettings.Beta }),
            new(new OptimizerSettings { Name = "sgd-momentum", LearningRate = lr, Momentum = CourseSettings.Beta }, "PyTorch form v = 0.9 v + g: about 10x the moving-average form's step at the same lr."),
            new(new OptimizerSettings { Name = "nesterov", LearningRate = lr, Momentum = CourseSettings.Beta }, "PyTorch form, like sgd-momentum."),
            new(new OptimizerSettings { Name = "adagrad", LearningRate = AdaGradLearningRate }, $"lr {AdaGradLearningRate} instead of {lr}: AdaGrad's steps shrink like lr/sqrt(t), and at {lr} it barely moves."),
            new(new OptimizerSettings { Name = "rmsprop", LearningRate = lr }),
            new(new OptimizerSettings { Name = "adam", LearningRate = lr, Beta1 = CourseSettings.Beta1, Beta2 = CourseSettings.Beta2, Epsilon = CourseSettings.Epsilon }),
            new(new OptimizerSettings { Name = "adamw", LearningRate = lr, Beta1 = CourseSettings.Beta1, Beta2 = CourseSettings.Beta2, Epsilon = CourseSettings.Epsilon }),
        ];
    }
}
