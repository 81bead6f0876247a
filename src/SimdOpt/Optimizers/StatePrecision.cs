using System.Text.Json.Serialization;

namespace SimdOpt.Optimizers;

/// <summary>
/// How an optimizer stores its per-element state (moments, accumulators, momentum buffers). Parameters and gradients
/// are float32 whatever this says, and every step computes in float32: each state element is decoded to float32, the
/// rule runs exactly as with <see cref="Float32"/> state (the new parameter uses the new state values before they are
/// stored), and the new state is encoded as it is stored. Set through <see cref="OptimizerOptions.StatePrecision"/>.
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
    /// the largest bfloat16 become infinity); with <see cref="OptimizerOptions.StochasticRoundingSeed"/> it rounds
    /// stochastically (see there). NaN is stored as <c>(bits &gt;&gt; 16) | 0x0040</c> (a quiet NaN of the same sign).
    /// </summary>
    BFloat16,
}
