using SimdOpt.Optimizers;
using SimdOpt.Precision;

namespace SimdOpt.Reference;

/// <summary>
/// The naive scalar oracle of <see cref="StatePrecision.Blockwise8Bit"/> state for one quantized tensor (one of at least
/// 4,096 elements; smaller tensors keep float32 state and follow the rule's own reference): the dynamic maps, the
/// encoding by a linear count of thresholds, and a step of any rule.
/// </summary>
public static class ReferenceBlockwise8Bit
{
    /// <summary>Elements per block; blocks are cut at multiples of this in the whole buffer.</summary>
    public const int BlockLength = 256;

    /// <summary>The signed dynamic map (256 ascending values), built as docs/state-precision.md says.</summary>
    public static IReadOnlyList<float> SignedMap { get; } = Array.AsReadOnly(DynamicMap.Signed);

    /// <summary>The unsigned dynamic map (256 ascending values).</summary>
    public static IReadOnlyList<float> UnsignedMap { get; } = Array.AsReadOnly(DynamicMap.Unsigned);

    /// <summary>
    /// The code of a normalised value: the number of k in 0..254 with <c>(float)((map[k] + map[k+1]) / 2) &lt; y</c>
    /// (the midpoint in double, rounded once).
    /// </summary>
    public static byte Encode(float y, IReadOnlyList<float> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var code = 0;
        for (var k = 0; k < 255; k++)
        {
            if ((float)(((double)map[k] + map[k + 1]) / 2) < y)
            {
                code++;
            }
        }

        return (byte)code;
    }

    /// <summary>
    /// One step t of a rule over 8-bit state of one tensor that starts at element <paramref name="bufferOffset"/> of its
    /// buffer: decode every state element (<c>map[code] * scale</c>), run <paramref name="floatStep"/> over the tensor,
    /// then for each piece of the tensor between multiples of <see cref="BlockLength"/> in the buffer take
    /// <c>absmax = max |x|</c> and store <c>code = Encode(absmax &gt; 0 ? x / absmax : 0)</c> and the scale absmax.
    /// Pass null for the slots the rule does not have.
    /// </summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, int bufferOffset, QuantizedState? state0, QuantizedState? state1, QuantizedState? state2, ReferenceBFloat16.FloatStep floatStep)
    {
        ArgumentNullException.ThrowIfNull(floatStep);
        var n = parameters.Length;
        var s0 = Decoded(state0, n, bufferOffset);
        var s1 = Decoded(state1, n, bufferOffset);
        var s2 = Decoded(state2, n, bufferOffset);
        floatStep(parameters, gradients, s0, s1, s2);
        Store(state0, s0, bufferOffset);
        Store(state1, s1, bufferOffset);
        Store(state2, s2, bufferOffset);
    }

    private static int Piece(int i, int bufferOffset) => ((bufferOffset + i) / BlockLength) - (bufferOffset / BlockLength);

    private static float[] Decoded(QuantizedState? state, int n, int bufferOffset)
    {
        if (state is null)
        {
            return [];
        }

        var values = new float[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = state.Map[state.Codes[i]] * state.Scales[Piece(i, bufferOffset)];
        }

        return values;
    }

    private static void Store(QuantizedState? state, float[] values, int bufferOffset)
    {
        if (state is null)
        {
            return;
        }

        for (var piece = 0; piece < state.Scales.Length; piece++)
        {
            var absmax = 0f;
            for (var i = 0; i < values.Length; i++)
            {
                if (Piece(i, bufferOffset) == piece)
                {
                    absmax = MathF.Max(absmax, MathF.Abs(values[i]));
                }
            }

            state.Scales[piece] = absmax;
            for (var i = 0; i < values.Length; i++)
            {
                if (Piece(i, bufferOffset) == piece)
                {
                    state.Codes[i] = Encode(absmax > 0f ? values[i] / absmax : 0f, state.Map);
                }
            }
        }
    }

    /// <summary>One state slot of one quantized tensor: a code per element and a scale per piece, with its map.</summary>
    public sealed class QuantizedState
    {
        /// <summary>A state of <paramref name="length"/> elements at <paramref name="bufferOffset"/>, every element 0 (the code of 0, scales 0).</summary>
        /// <param name="length">The tensor's length.</param>
        /// <param name="bufferOffset">The tensor's first element in its buffer.</param>
        /// <param name="signed">The signed map (first moments, momentum) or the unsigned one (second moments, accumulators).</param>
        public QuantizedState(int length, int bufferOffset, bool signed)
        {
            Map = signed ? SignedMap : UnsignedMap;
            Codes = new byte[length];
            Array.Fill(Codes, Encode(0f, Map));
            Scales = new float[length == 0 ? 0 : Piece(length - 1, bufferOffset) + 1];
        }

        /// <summary>The map the codes index.</summary>
        public IReadOnlyList<float> Map { get; }

        /// <summary>One code per element.</summary>
        public byte[] Codes { get; }

        /// <summary>One scale per piece, in order.</summary>
        public float[] Scales { get; }
    }
}
