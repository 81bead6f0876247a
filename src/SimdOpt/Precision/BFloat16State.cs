using System.Buffers.Binary;
using System.IO.Hashing;

namespace SimdOpt.Precision;

/// <summary><see cref="StatePrecision.BFloat16"/> state: one pinned <c>ushort</c> array per slot.</summary>
internal sealed class BFloat16State : ReducedState
{
    private readonly ushort[][] _slots;
    private readonly ulong? _seed;

    public BFloat16State(int slots, int length, ulong? seed)
    {
        _seed = seed;
        _slots = new ushort[slots][];
        for (var i = 0; i < slots; i++)
        {
            _slots[i] = GC.AllocateArray<ushort>(length, pinned: true);
        }
    }

    /// <summary>The stochastic rounding seed, or null for rounding to nearest even.</summary>
    public ulong? Seed => _seed;

    /// <summary>Elements <c>[start, start + length)</c> of <paramref name="slot"/>, or an empty span for a slot the rule does not have.</summary>
    public Span<ushort> Slot(int slot, int start, int length) => slot < _slots.Length ? _slots[slot].AsSpan(start, length) : [];

    public override StatePrecision Precision => StatePrecision.BFloat16;

    public override long SlotBytes => _slots.Length == 0 ? 0 : (long)_slots[0].Length * sizeof(ushort);

    public override void Decode(int slot, int start, Span<float> destination) =>
        BFloat16Conversion.Widen(_slots[slot].AsSpan(start, destination.Length), destination);

    public override void Encode(int slot, int start, ReadOnlySpan<float> source, long step)
    {
        var target = _slots[slot].AsSpan(start, source.Length);
        if (_seed is { } seed)
        {
            BFloat16Conversion.RoundStochastic(source, target, (uint)start, StochasticRounding.Key(seed, step, slot));
        }
        else
        {
            BFloat16Conversion.RoundNearestEven(source, target);
        }
    }

    public override void Write(int slot, Stream stream, XxHash64? hash)
    {
        const int chunk = 1 << 15;
        var bytes = new byte[Math.Min(chunk, _slots[slot].Length) * sizeof(ushort)];
        for (var done = 0; done < _slots[slot].Length; done += chunk)
        {
            var part = _slots[slot].AsSpan(done, Math.Min(chunk, _slots[slot].Length - done));
            var target = bytes.AsSpan(0, part.Length * sizeof(ushort));
            for (var i = 0; i < part.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(target[(i * sizeof(ushort))..], part[i]);
            }

            stream.Write(target);
            hash?.Append(target);
        }
    }

    public override void Restore(int slot, ReadOnlySpan<byte> bytes)
    {
        var target = _slots[slot];
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * sizeof(ushort))..]);
        }
    }

    /// <summary>The stored bits of <paramref name="slot"/> (for tests and safetensors).</summary>
    public ReadOnlySpan<ushort> Bits(int slot) => _slots[slot];
}
