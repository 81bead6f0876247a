namespace SimdOpt.Training.Loop;

/// <summary>The course experiment's settings: network shape, seeds and hyperparameters.</summary>
public static class CourseSettings
{
    /// <summary>The learning rate of every optimizer in the course.</summary>
    public const double LearningRate = 0.0007;

    /// <summary>The momentum coefficient (moving-average form).</summary>
    public const double Beta = 0.9;

    /// <summary>Adam's first-moment decay.</summary>
    public const double Beta1 = 0.9;

    /// <summary>Adam's second-moment decay.</summary>
    public const double Beta2 = 0.999;

    /// <summary>Adam's epsilon.</summary>
    public const double Epsilon = 1e-8;

    /// <summary>The numpy seed of the He initialisation.</summary>
    public const uint InitializationSeed = 3;

    /// <summary>The layer widths: 2 inputs, hidden layers of 5 and 2, one output.</summary>
    public static ReadOnlySpan<int> LayerSizes => [2, 5, 2, 1];
}
