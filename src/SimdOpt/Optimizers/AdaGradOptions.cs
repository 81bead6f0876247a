namespace SimdOpt.Optimizers;

/// <summary>Options of <see cref="AdaGrad"/>, as in <c>torch.optim.Adagrad</c>.</summary>
public sealed record AdaGradOptions : OptimizerOptions
{
    /// <summary>Learning-rate decay: step t uses <c>lr / (1 + (t - 1) * lr_decay)</c>. Range [0, +inf).</summary>
    public double LearningRateDecay { get; init; }

    /// <summary>Starting value of the sum of squared gradients, in [0, +inf).</summary>
    public double InitialAccumulatorValue { get; init; }

    /// <summary>Added to the root in the denominator, in (0, +inf).</summary>
    public double Epsilon { get; init; } = 1e-10;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check.NonNegative(LearningRateDecay, nameof(LearningRateDecay));
        Check.NonNegative(InitialAccumulatorValue, nameof(InitialAccumulatorValue));
        Check.Positive(Epsilon, nameof(Epsilon));
    }
}
