namespace SimdOpt.Optimizers;

/// <summary>Options of <see cref="Adam"/>, as in <c>torch.optim.Adam</c> and <c>torch.optim.AdamW</c>.</summary>
public sealed record AdamOptions : OptimizerOptions
{
    /// <summary>Decay of the first-moment average, in [0, 1).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the second-moment average, in [0, 1).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to the root of the bias-corrected second moment, in (0, +inf).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Use the running maximum of the second moment (AMSGrad).</summary>
    public bool Amsgrad { get; init; }

    /// <summary>
    /// AdamW: apply <see cref="OptimizerOptions.WeightDecay"/> as <c>p = p * (1 - lr * wd)</c> instead of adding
    /// <c>wd * p</c> to the gradient.
    /// </summary>
    public bool DecoupledWeightDecay { get; init; }

    /// <summary>AdamW's defaults: decoupled weight decay 0.01.</summary>
    public static AdamOptions AdamW(double weightDecay = 0.01) => new() { WeightDecay = weightDecay, DecoupledWeightDecay = true };

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Check.UnitInterval(Beta1, nameof(Beta1));
        Check.UnitInterval(Beta2, nameof(Beta2));
        Check.Positive(Epsilon, nameof(Epsilon));
    }
}
