using System.Text.Json.Serialization;

namespace SimdOpt.Precision;

/// <summary>
/// How an optimizer stores its per-element state (moments, accumulators, momentum buffers). Parameters and gradients
/// are float32 whatever this says, and every step computes in float32: each state element is decoded to float32, the
/// rule runs exactly as with <see cref="Float32"/> state (the new parameter uses the new state values before they are
/// stored), and the new state is encoded as it is stored. Set through <see cref="Optimizers.OptimizerOptions.StatePrecision"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<StatePrecision>))]
public enum StatePrecision
{
    /// <summary>IEEE float32, 4 bytes per state element (the default).</summary>
    Float32,

    /// <summary>
    /// bfloat16, 2 bytes per state element: the upper 16 bits of the float32 (sign, 8 exponent bits, 7 mantissa bits).
    /// Decoding appends 16 zero bits. Encoding rounds to nearest, ties to even, by default:
    /// <c>bits16 = (bits + 0x7FFF + ((bits &gt;&gt; 16) &amp; 1)) &gt;&gt; 16</c> on the float's 32 bits (values that round past
    /// the largest bfloat16 become infinity); with <see cref="Optimizers.OptimizerOptions.StochasticRoundingSeed"/> it rounds
    /// stochastically (see there). NaN is stored as <c>(bits &gt;&gt; 16) | 0x0040</c> (a quiet NaN of the same sign).
    /// </summary>
    BFloat16,

    /// <summary>
    /// 8-bit block-wise quantization with a dynamic map (bitsandbytes' scheme): about 1 byte per state element plus one
    /// float32 scale per block of 256. Tensors below 4,096 elements (or <see cref="Optimizers.OptimizerOptions.QuantizedTensorMinimumLength"/>)
    /// keep float32 state. The maps, the blocks and the
    /// encoding are documented in docs/state-precision.md: each block's scale is its largest magnitude, and each element
    /// is stored as the index of the nearest map value to <c>x / scale</c> (the signed map for first moments and momentum,
    /// the unsigned map for <c>exp_avg_sq</c>, <c>max_exp_avg_sq</c>, <c>sum</c>, <c>square_avg</c>, <c>exp_inf</c> and
    /// <c>acc_delta</c>). <c>ApplyStep</c> ranges must start and end on block boundaries (multiples of 256 in the buffer, or
    /// tensor boundaries); <c>StepWorkers</c> cut their chunks there.
    /// </summary>
    Blockwise8Bit,
}
