using SimdOpt.Precision;

namespace SimdOpt.Optimizers;

/// <summary>
/// Options of <see cref="ScheduleFreeAdamW"/>, named as in the authors' <c>schedulefree.AdamWScheduleFree</c>
/// (its learning rate defaults to <see cref="ScheduleFreeAdamW.DefaultLearningRate"/>).
/// </summary>
/// <remarks>
/// <see cref="OptimizerOptions.WeightDecay"/> here is the reference's "weight decay calculated at y": <c>wd * y</c> is
/// added to the normalized gradient <c>g / (sqrt(vHat) + eps)</c>, not to the raw gradient.
/// </remarks>
public sealed record ScheduleFreeAdamWOptions : OptimizerOptions
{
    /// <summary>The largest power <see cref="R"/> and <see cref="WeightLrPower"/> may take.</summary>
    public const int MaxPower = 16;

    /// <summary>
    /// The interpolation between z and the average x at which gradients are taken (<c>y = (1 - beta1) z + beta1 x</c>),
    /// in (0, 1): 0 would leave no way back from y to x.
    /// </summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the second-moment average, in [0, 1).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to the root of the bias-corrected second moment, in (0, +inf).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Steps of linear learning-rate warm-up (step t uses <c>lr * min(1, t / warmup_steps)</c>), in [0, int.MaxValue]; 0 for none.</summary>
    public int WarmupSteps { get; init; }

    /// <summary>
    /// Polynomial weighting: step t's weight in the average has the factor <c>t^r</c>. A whole number in
    /// [0, <see cref="MaxPower"/>] (integer powers keep the step scalars the same bits on every platform).
    /// </summary>
    public double R { get; init; }

    /// <summary>
    /// Step t's weight in the average has the factor <c>lr_max^weight_lr_power</c>, lr_max the largest (warmed-up)
    /// learning rate so far. A whole number in [0, <see cref="MaxPower"/>]; 0 for no learning-rate weighting.
    /// </summary>
    public double WeightLrPower { get; init; } = 2;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (StatePrecision != StatePrecision.Float32)
        {
            // z is the point the parameters move between (Eval/Train read and write it): it stays float32.
            throw new ArgumentOutOfRangeException(nameof(StatePrecision), StatePrecision, "Schedule-Free AdamW keeps its state (z, the point Eval and Train move the parameters to) in Float32.");
        }

        if (!(Beta1 > 0 && Beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, $"{nameof(Beta1)} must be in (0, 1); got {Beta1}.");
        }

        Check.UnitInterval(Beta2, nameof(Beta2));
        Check.Positive(Epsilon, nameof(Epsilon));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupSteps);
        WholePower(R, nameof(R));
        WholePower(WeightLrPower, nameof(WeightLrPower));
    }

    private static void WholePower(double value, string name)
    {
        if (!(value >= 0 && value <= MaxPower && Math.Floor(value) == value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a whole number in [0, {MaxPower}]; got {value}.");
        }
    }
}
