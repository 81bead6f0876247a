namespace SimdOpt.Optimizers;

/// <summary>Options of <see cref="Adam"/>, as in <c>torch.optim.Adam</c> and <c>torch.optim.AdamW</c>.</summary>
public sealed record AdamOptions : OptimizerOptions
{
    /// <summary>Decay of the first-moment average, in [0, 1).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the second-moment average, in [0, 1).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>
    /// Added to the root of the bias-corrected second moment. The kernel adds <c>eps * sqrt(1 - beta2^t)</c> as a
    /// float32, smallest at step 1, so both <c>eps</c> and <c>eps * sqrt(1 - beta2)</c> must be in
    /// [1.4E-45, 3.4028235E+38] (below that they round to 0, and zero gradients would give 0 / 0).
    /// </summary>
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

        // The step-1 epsilon is the smallest: 1 - beta2^t grows with t.
        Check.PositiveFloat(Epsilon * Math.Sqrt(StepScalars.BiasCorrection(Beta2, 1)), nameof(Epsilon), "eps * sqrt(1 - beta2)");
    }
}
