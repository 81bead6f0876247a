namespace SimdOpt.Optimizers;

/// <summary>Options of <see cref="MovingAverageMomentum"/>.</summary>
public sealed record MovingAverageMomentumOptions : OptimizerOptions
{
    /// <summary>Averaging factor beta, in [0, 1); 0.9 if unsure; 0 is plain gradient descent.</summary>
    public double Beta { get; init; } = 0.9;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check.UnitInterval(Beta, nameof(Beta));
    }
}
