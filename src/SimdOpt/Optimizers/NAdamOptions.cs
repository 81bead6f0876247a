namespace SimdOpt.Optimizers;

/// <summary>Options of <see cref="NAdam"/>, as in <c>torch.optim.NAdam</c>.</summary>
public sealed record NAdamOptions : OptimizerOptions
{
    /// <summary>PyTorch's default learning rate for NAdam: 2e-3.</summary>
    public const double DefaultLearningRate = 2e-3;

    /// <summary>Decay of the first-moment average and the scale of the momentum schedule, in [0, 1).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the second-moment average, in [0, 1).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to the root of the bias-corrected second moment, in (0, +inf).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>psi in the momentum schedule <c>mu_t = beta1 * (1 - 0.5 * 0.96^(t * psi))</c>, in [0, +inf).</summary>
    public double MomentumDecay { get; init; } = 4e-3;

    /// <summary>
    /// Apply <see cref="OptimizerOptions.WeightDecay"/> as <c>p = p * (1 - lr * wd)</c> (AdamW's form, PyTorch's
    /// <c>decoupled_weight_decay</c>) instead of adding <c>wd * p</c> to the gradient.
    /// </summary>
    public bool DecoupledWeightDecay { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check.UnitInterval(Beta1, nameof(Beta1));
        Check.UnitInterval(Beta2, nameof(Beta2));
        Check.Positive(Epsilon, nameof(Epsilon));
        Check.NonNegative(MomentumDecay, nameof(MomentumDecay));
    }
}
