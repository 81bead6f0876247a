using System.IO.Hashing;
using SimdOpt.Parameters;

namespace SimdOpt.Precision;

/// <summary>
/// The state buffers of an optimizer whose <see cref="StatePrecision"/> is not float32: one encoded buffer per state slot,
/// each element at its index in the parameter buffer. A step decodes and encodes it in the same pass as the rule: bfloat16
/// state per lane group inside the update loop (<see cref="BFloat16State.Slot"/>), 8-bit state one 256-element block at a
/// time (<see cref="Blockwise8BitStep"/>), so the encoded state is read and written once.
/// </summary>
internal abstract class ReducedState
{
    /// <summary>Elements <see cref="Fill"/> encodes at a time.</summary>
    public const int ChunkLength = 1024;

    /// <summary>The precision this storage implements.</summary>
    public abstract StatePrecision Precision { get; }

    /// <summary>Bytes of one slot as a checkpoint stores it.</summary>
    public abstract long SlotBytes { get; }

    /// <summary>Decodes elements <c>[start, start + destination.Length)</c> of <paramref name="slot"/>.</summary>
    public abstract void Decode(int slot, int start, Span<float> destination);

    /// <summary>Encodes <paramref name="source"/> into elements <c>[start, start + source.Length)</c> of <paramref name="slot"/> for step <paramref name="step"/>.</summary>
    public abstract void Encode(int slot, int start, ReadOnlySpan<float> source, long step);

    /// <summary>Writes <paramref name="slot"/> as stored, little-endian, appending the bytes to <paramref name="hash"/> if given.</summary>
    public abstract void Write(int slot, Stream stream, XxHash64? hash);

    /// <summary>Replaces <paramref name="slot"/> with <paramref name="bytes"/> as <see cref="Write"/> wrote them (already checked).</summary>
    public abstract void Restore(int slot, ReadOnlySpan<byte> bytes);

    /// <summary>Thread chunks are cut at multiples of this (1 when any split works).</summary>
    public virtual int RangeAlignment => 1;

    /// <summary>Throws <see cref="ArgumentException"/> when a step may not be applied to <c>[start, start + length)</c> alone.</summary>
    public virtual void CheckRange(int start, int length)
    {
    }

    /// <summary>
    /// Creates the storage for <paramref name="precision"/>, or null for float32; 8-bit state quantizes tensors of at
    /// least <paramref name="quantizedTensorMinimumLength"/> elements.
    /// </summary>
    public static ReducedState? Create(StatePrecision precision, ulong? seed, int quantizedTensorMinimumLength, ParameterLayout layout, IReadOnlyList<string> stateNames) => precision switch
    {
        StatePrecision.Float32 => null,
        StatePrecision.BFloat16 => new BFloat16State(stateNames.Count, layout.TotalLength, seed),
        StatePrecision.Blockwise8Bit => new Blockwise8BitState(layout, stateNames, quantizedTensorMinimumLength),
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown state precision."),
    };

    /// <summary>Sets elements <c>[start, start + length)</c> of <paramref name="slot"/> to <paramref name="value"/> encoded (step 0), in chunks that end on multiples of <see cref="ChunkLength"/>.</summary>
    public void Fill(int slot, int start, int length, float value)
    {
        Span<float> chunk = stackalloc float[ChunkLength];
        chunk.Fill(value);
        for (var at = start; at < start + length;)
        {
            var count = Math.Min(ChunkLength - (at % ChunkLength), start + length - at);
            Encode(slot, at, chunk[..count], 0);
            at += count;
        }
    }
}
