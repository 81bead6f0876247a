using System.IO.Hashing;
using SimdOpt.Optimizers;

namespace SimdOpt.State;

/// <summary>
/// An optimizer's state slot as one block of a state file: float32 state as little-endian floats, reduced-precision
/// state as its encoding (<see cref="Precision.ReducedState"/>).
/// </summary>
internal static class StateBlocks
{
    /// <summary>Bytes of one state block: 4 per element for float32 state, as encoded otherwise.</summary>
    public static long Bytes(Optimizer optimizer) =>
        optimizer.ReducedState?.SlotBytes ?? (long)optimizer.Layout.TotalLength * sizeof(float);

    /// <summary>Writes state <paramref name="slot"/> as stored (little-endian), appending the bytes to <paramref name="hash"/>.</summary>
    public static void Write(Optimizer optimizer, int slot, Stream stream, XxHash64? hash)
    {
        if (optimizer.ReducedState is { } reduced)
        {
            reduced.Write(slot, stream, hash);
        }
        else
        {
            StateIO.WriteFloats(stream, optimizer.State(optimizer.StateNames[slot]).Span, hash);
        }
    }

    /// <summary>Replaces state <paramref name="slot"/> with <paramref name="bytes"/> as <see cref="Write"/> wrote them (already checked).</summary>
    public static void Restore(Optimizer optimizer, int slot, ReadOnlySpan<byte> bytes)
    {
        if (optimizer.ReducedState is { } reduced)
        {
            reduced.Restore(slot, bytes);
        }
        else
        {
            StateIO.ToFloats(bytes, optimizer.State(optimizer.StateNames[slot]).Span);
        }
    }
}
