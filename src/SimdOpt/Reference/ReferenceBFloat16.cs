using SimdOpt.Optimizers;

namespace SimdOpt.Reference;

/// <summary>
/// The naive scalar oracle of <see cref="Precision.StatePrecision.BFloat16"/> state: the encodings of <see cref="Precision.StatePrecision.BFloat16"/>
/// and <see cref="OptimizerOptions.StochasticRoundingSeed"/>, and a step of any rule over bfloat16 state.
/// </summary>
public static class ReferenceBFloat16
{
    /// <summary>One state element's float32 step, as the <c>Reference*</c> rules take it (unused slots are empty spans).</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="gradients">The gradients.</param>
    /// <param name="state0">State slot 0.</param>
    /// <param name="state1">State slot 1.</param>
    /// <param name="state2">State slot 2.</param>
    public delegate void FloatStep(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state0, Span<float> state1, Span<float> state2);

    /// <summary>The float32 value of bfloat16 bits: the bits followed by 16 zero bits.</summary>
    public static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary>Rounds to the nearest bfloat16, ties to even; NaN becomes the quiet NaN <c>(bits &gt;&gt; 16) | 0x40</c>.</summary>
    public static ushort RoundNearestEven(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        var upper = bits >> 16;
        var lower = bits & 0xFFFF;
        var roundUp = lower > 0x8000 || (lower == 0x8000 && (upper & 1) == 1);
        return (ushort)(roundUp ? upper + 1 : upper);
    }

    /// <summary>Rounds stochastically: up when the lower 16 bits plus the lower 16 of <paramref name="random"/> carry; NaN as <see cref="RoundNearestEven"/>.</summary>
    public static ushort RoundStochastic(float value, uint random)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        var carry = (bits & 0xFFFF) + (random & 0xFFFF) >= 0x10000;
        return (ushort)((bits >> 16) + (carry ? 1u : 0u));
    }

    /// <summary>The random bits of state slot <paramref name="slot"/>, element <paramref name="index"/>, step <paramref name="step"/> (see <see cref="OptimizerOptions.StochasticRoundingSeed"/>).</summary>
    public static uint RandomBits(ulong seed, long step, int slot, long index)
    {
        var z = unchecked(seed + ((ulong)step * 0x9E3779B97F4A7C15UL) + ((ulong)slot * 0xD1B54A32D192ED03UL));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        var key = (uint)(z ^ (z >> 31));
        var x = (uint)index ^ key;
        x ^= x >> 16;
        x = unchecked(x * 0x7FEB352Du);
        x ^= x >> 15;
        x = unchecked(x * 0x846CA68Bu);
        return x ^ (x >> 16);
    }

    /// <summary>
    /// One step t of a rule over bfloat16 state: for each element i, decode its state, run <paramref name="floatStep"/> on
    /// that one element, and encode the new state (to nearest even, or stochastically with <paramref name="seed"/> and the
    /// element's buffer index <c>firstIndex + i</c>). <paramref name="state1"/> and <paramref name="state2"/> may be empty
    /// when the rule has fewer slots.
    /// </summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<ushort> state0, Span<ushort> state1, Span<ushort> state2, FloatStep floatStep, long step, ulong? seed = null, long firstIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(floatStep);
        var used = state2.IsEmpty ? state1.IsEmpty ? state0.IsEmpty ? 0 : 1 : 2 : 3;
        Span<float> decoded = stackalloc float[3];
        for (var i = 0; i < parameters.Length; i++)
        {
            decoded[0] = used > 0 ? ToSingle(state0[i]) : 0f;
            decoded[1] = used > 1 ? ToSingle(state1[i]) : 0f;
            decoded[2] = used > 2 ? ToSingle(state2[i]) : 0f;
            floatStep(
                parameters.Slice(i, 1),
                gradients.Slice(i, 1),
                used > 0 ? decoded[..1] : [],
                used > 1 ? decoded.Slice(1, 1) : [],
                used > 2 ? decoded.Slice(2, 1) : []);
            if (used > 0)
            {
                state0[i] = Encode(decoded[0], 0);
            }

            if (used > 1)
            {
                state1[i] = Encode(decoded[1], 1);
            }

            if (used > 2)
            {
                state2[i] = Encode(decoded[2], 2);
            }

            ushort Encode(float value, int slot) =>
                seed is { } key ? RoundStochastic(value, RandomBits(key, step, slot, firstIndex + i)) : RoundNearestEven(value);
        }
    }
}
