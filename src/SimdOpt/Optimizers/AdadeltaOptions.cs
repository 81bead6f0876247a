namespace SimdOpt.Optimizers;

/// <summary>Options of <see cref="Adadelta"/>, as in <c>torch.optim.Adadelta</c> (its learning rate defaults to <see cref="Adadelta.DefaultLearningRate"/>).</summary>
public sealed record AdadeltaOptions : OptimizerOptions
{
    /// <summary>Decay of both running averages (squared gradients and squared updates), in [0, 1].</summary>
    public double Rho { get; init; } = 0.9;

    /// <summary>Added inside both square roots' operands, in (0, +inf).</summary>
    public double Epsilon { get; init; } = 1e-6;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check.ClosedUnitInterval(Rho, nameof(Rho));
        Check.Positive(Epsilon, nameof(Epsilon));
    }
}
