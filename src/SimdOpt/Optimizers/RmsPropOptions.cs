namespace SimdOpt.Optimizers;

/// <summary>Options of <see cref="RmsProp"/>, as in <c>torch.optim.RMSprop</c>.</summary>
public sealed record RmsPropOptions : OptimizerOptions
{
    /// <summary>Smoothing constant of the square average, in [0, 1).</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>Added to the root in the denominator, in (0, +inf).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Divide by an estimate of the variance (square average minus squared mean) instead of the square average.</summary>
    public bool Centered { get; init; }

    /// <summary>Momentum factor, in [0, 1); 0 turns the momentum buffer off.</summary>
    public double Momentum { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check.UnitInterval(Alpha, nameof(Alpha));
        Check.Positive(Epsilon, nameof(Epsilon));
        Check.UnitInterval(Momentum, nameof(Momentum));
    }
}
