namespace SimdOpt.Optimizers;

/// <summary>Options of <see cref="Adamax"/>, as in <c>torch.optim.Adamax</c>.</summary>
public sealed record AdamaxOptions : OptimizerOptions
{
    /// <summary>PyTorch's default learning rate for Adamax: 2e-3.</summary>
    public const double DefaultLearningRate = 2e-3;

    /// <summary>Decay of the first-moment average, in [0, 1).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the infinity norm, in [0, 1).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to <c>|g|</c> before the maximum, in (0, +inf).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check.UnitInterval(Beta1, nameof(Beta1));
        Check.UnitInterval(Beta2, nameof(Beta2));
        Check.Positive(Epsilon, nameof(Epsilon));
    }
}
