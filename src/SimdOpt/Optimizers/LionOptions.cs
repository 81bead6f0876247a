namespace SimdOpt.Optimizers;

/// <summary>
/// Options of <see cref="Lion"/>, as in Optax's <c>lion</c> (Chen et al. 2023, "Symbolic Discovery of Optimization
/// Algorithms"). Here <see cref="OptimizerOptions.WeightDecay"/> is Lion's own decoupled decay, added to the sign
/// before the learning rate scales it: <c>p = p - lr * (sign(c) + weight_decay * p)</c>; it is never added to the gradient.
/// </summary>
public sealed record LionOptions : OptimizerOptions
{
    /// <summary>The learning rate Optax suggests for Lion: 1e-4 (3-10x smaller than AdamW's, since every step has unit size per element).</summary>
    public const double DefaultLearningRate = 1e-4;

    /// <summary>Weight of the old momentum in the interpolation whose sign is the update, in [0, 1).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the momentum average, in [0, 1).</summary>
    public double Beta2 { get; init; } = 0.99;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check.UnitInterval(Beta1, nameof(Beta1));
        Check.UnitInterval(Beta2, nameof(Beta2));
    }
}
