namespace SimdOpt.Optimizers;

/// <summary>Options of <see cref="Sgd"/>, as in <c>torch.optim.SGD</c>.</summary>
public sealed record SgdOptions : OptimizerOptions
{
    /// <summary>Momentum factor mu, in [0, 1); 0 turns momentum (and its state) off.</summary>
    public double Momentum { get; init; }

    /// <summary>Dampening of the gradient in the momentum buffer, in [0, 1].</summary>
    public double Dampening { get; init; }

    /// <summary>Nesterov momentum; needs <see cref="Momentum"/> &gt; 0 and <see cref="Dampening"/> = 0.</summary>
    public bool Nesterov { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check.UnitInterval(Momentum, nameof(Momentum));
        Check.ClosedUnitInterval(Dampening, nameof(Dampening));
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Nesterov), Nesterov, "Nesterov momentum needs Momentum in (0, 1) and Dampening = 0.");
        }
    }
}
