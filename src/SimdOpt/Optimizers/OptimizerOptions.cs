using System.Text.Json.Serialization;
using SimdOpt.Precision;

namespace SimdOpt.Optimizers;

/// <summary>Hyperparameters every rule shares, named as in PyTorch's <c>torch.optim</c>.</summary>
public abstract record OptimizerOptions
{
    /// <summary>The <see cref="QuantizedTensorMinimumLength"/> when none is set: 4,096 elements.</summary>
    public const int DefaultQuantizedTensorMinimumLength = 4096;

    /// <summary>
    /// L2 penalty added to the gradient before the rule: <c>g = g + weight_decay * p</c>
    /// (AdamW's decoupled form is <see cref="AdamOptions.DecoupledWeightDecay"/>). Range [0, +inf).
    /// </summary>
    public double WeightDecay { get; init; }

    /// <summary>Ascend instead of descend: the rule sees <c>-g</c>.</summary>
    public bool Maximize { get; init; }

    /// <summary>
    /// Flush subnormal floats to zero in software (default false: IEEE arithmetic, unchanged results). Subnormals
    /// (magnitude below 2^-126) make some CPUs take a slow path; tiny gradients produce them in squared terms and
    /// decaying states. When true, with g the gradient after <see cref="Maximize"/> and <see cref="WeightDecay"/>:
    /// <list type="number">
    /// <item>Squared terms: the rule uses <c>g2 * g2</c> in place of <c>g * g</c>, with <c>g2 = |g| &lt; T ? +0 : g</c>
    /// (first moments and momentum still use g). T is per parameter group, computed in double from the float
    /// coefficient c of the term and rounded up to a float: <c>T = max(2^-63, sqrt(2^-126 / c))</c> with
    /// <c>c = (float)(1 - beta2)</c> for <see cref="AdamOptions"/>, <see cref="NAdamOptions"/> and <see cref="RAdamOptions"/>, <c>c = (float)(1 - alpha)</c> for
    /// <see cref="RmsPropOptions"/>, and <c>T = 2^-63</c> for <see cref="AdaGradOptions"/> (c = 1). Every term
    /// that is not zero is then at least 2^-126.</item>
    /// <item>States: every state value a step writes (Adam's, NAdam's and RAdam's m, v and vmax, Adamax's m and u, Lion's m, RMSProp's square and gradient averages
    /// and momentum buffer, AdaGrad's sum, both momentum buffers) is stored as <c>|s| &lt; 2^-126 ? +0 : s</c>
    /// (so a -0 state is stored as +0), and the rest of the step uses that stored value. NaN and infinities
    /// pass through.</item>
    /// </list>
    /// Parameters are never flushed. Plain SGD (no momentum) has no state and no squared term: the option changes
    /// nothing there. In spirit this is PyTorch's <c>torch.set_flush_denormal(True)</c>, but it is deterministic (the
    /// same bits on every CPU and path, matched by the <c>SimdOpt.Reference</c> rules) and set per optimizer or group.
    /// </summary>
    public bool FlushSubnormals { get; init; }

    /// <summary>
    /// How the per-element state is stored (default <see cref="StatePrecision.Float32"/>); see <see cref="Precision.StatePrecision"/>
    /// for the encodings. Every parameter group must use the optimizer's precision. Rules without per-element state
    /// (plain SGD) store nothing, so the option changes nothing there.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public StatePrecision StatePrecision { get; init; }

    /// <summary>
    /// Null (the default): <see cref="StatePrecision.BFloat16"/> state rounds to nearest even. A seed: it rounds
    /// stochastically, adding 16 random bits to the float's 32 bits and keeping the upper 16,
    /// <c>bits16 = (bits + (r &amp; 0xFFFF)) &gt;&gt; 16</c> (NaN as in <see cref="StatePrecision.BFloat16"/>), so a value rounds up
    /// with probability equal to its distance from the value below. The random bits r of state slot s (0, 1, 2 in
    /// <see cref="Optimizer.StateNames"/> order) of element i (its index in the whole buffer) at step t are a
    /// counter-based hash, the same on every path, thread split and shard:
    /// <c>key = (uint)SplitMix64(seed + t * 0x9E3779B97F4A7C15 + s * 0xD1B54A32D192ED03)</c> (64-bit wrapping arithmetic) and
    /// <c>r = LowBias32((uint)i ^ key)</c>, where <c>SplitMix64(z)</c> is <c>z = (z ^ (z &gt;&gt; 30)) * 0xBF58476D1CE4E5B9;
    /// z = (z ^ (z &gt;&gt; 27)) * 0x94D049BB133111EB; z ^ (z &gt;&gt; 31)</c> and <c>LowBias32(x)</c> is <c>x ^= x &gt;&gt; 16;
    /// x *= 0x7FEB352D; x ^= x &gt;&gt; 15; x *= 0x846CA68B; x ^ (x &gt;&gt; 16)</c> (32-bit wrapping). Only valid with
    /// <see cref="StatePrecision.BFloat16"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong? StochasticRoundingSeed { get; init; }

    /// <summary>
    /// With <see cref="StatePrecision.Blockwise8Bit"/> state: tensors of at least this many elements are quantized and
    /// smaller ones keep float32 state. Null (the default) means <see cref="DefaultQuantizedTensorMinimumLength"/>
    /// (bitsandbytes' <c>min_8bit_size</c>). Range [1, <see cref="int.MaxValue"/>]; 1 quantizes every tensor. Only valid with
    /// <see cref="StatePrecision.Blockwise8Bit"/>; every parameter group must use the optimizer's value.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int? QuantizedTensorMinimumLength { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first hyperparameter outside its range.</summary>
    public virtual void Validate()
    {
        Check.NonNegative(WeightDecay, nameof(WeightDecay));
        if (!Enum.IsDefined(StatePrecision))
        {
            throw new ArgumentOutOfRangeException(nameof(StatePrecision), StatePrecision, "Unknown state precision.");
        }

        if (StochasticRoundingSeed is not null && StatePrecision != StatePrecision.BFloat16)
        {
            throw new ArgumentOutOfRangeException(
                nameof(StochasticRoundingSeed), StochasticRoundingSeed, $"Stochastic rounding applies to {nameof(StatePrecision.BFloat16)} state only; the state precision is {StatePrecision}.");
        }

        if (QuantizedTensorMinimumLength is { } minimum)
        {
            if (StatePrecision != StatePrecision.Blockwise8Bit)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(QuantizedTensorMinimumLength), minimum, $"The quantized tensor minimum length applies to {nameof(StatePrecision.Blockwise8Bit)} state only; the state precision is {StatePrecision}.");
            }

            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimum, nameof(QuantizedTensorMinimumLength));
        }
    }
}
