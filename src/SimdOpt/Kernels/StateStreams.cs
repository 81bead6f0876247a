using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdOpt.Kernels;

/// <summary>
/// The state slots of one run of the buffer as <see cref="UpdateLoop"/> reads them: where each slot's first element is,
/// how the slots are stored, and for stochastic rounding the buffer index of the first element and each slot's key of
/// the step; and the running average of the parameters the step updates in the same pass, if any. The caller guarantees
/// that every slot the rule uses, and the average when there is one, hold as many elements as the run's parameters.
/// </summary>
internal readonly ref struct StateStreams
{
    /// <summary>Element 0 of slot 0, 1 and 2 (unused slots may be null references: the loop never touches them).</summary>
    public readonly ref byte Slot0;

    /// <inheritdoc cref="Slot0"/>
    public readonly ref byte Slot1;

    /// <inheritdoc cref="Slot0"/>
    public readonly ref byte Slot2;

    /// <summary>Element 0 of the running average (a null reference without one: the loop never touches it).</summary>
    public readonly ref float Average;

    private StateStreams(StateEncoding encoding, ref byte slot0, ref byte slot1, ref byte slot2, RoundingKeys keys, Span<float> average, AverageUpdate averageUpdate, BlockRun blocks = default)
    {
        Blocks = blocks;
        Encoding = encoding;
        Slot0 = ref slot0;
        Slot1 = ref slot1;
        Slot2 = ref slot2;
        Keys = keys;
        Average = ref MemoryMarshal.GetReference(average);
        AverageUpdate = averageUpdate;
    }

    /// <summary>
    /// float32 slots, and the average the step updates. A constructor rather than only <see cref="Float32"/>: a step that
    /// constructs its streams in place avoids a copy through a temporary, which the JIT makes with mismatched stores and one
    /// wide load that waits for them (a failed store-to-load forwarding, about a fifth of a small step's time).
    /// </summary>
    public StateStreams(Span<float> state0, Span<float> state1, Span<float> state2, Span<float> average, AverageUpdate averageUpdate)
    {
        Encoding = StateEncoding.Float32;
        Slot0 = ref Bytes(state0);
        Slot1 = ref Bytes(state1);
        Slot2 = ref Bytes(state2);
        Average = ref MemoryMarshal.GetReference(average);
        AverageUpdate = averageUpdate;
    }

    /// <summary>How the slots are stored.</summary>
    public StateEncoding Encoding { get; }

    /// <summary>The stochastic rounding keys (default for the other encodings).</summary>
    public RoundingKeys Keys { get; }

    /// <summary>The state and the run's first buffer element when the storage steps the run block by block (<see cref="StateEncoding.Blockwise8Bit"/>; the slots are then unused).</summary>
    public BlockRun Blocks { get; }

    /// <summary>The update of <see cref="Average"/> the step makes (<see cref="AverageKind.None"/>: no average).</summary>
    public AverageUpdate AverageUpdate { get; }

    /// <summary>float32 slots, and the average the step updates (none by default).</summary>
    public static StateStreams Float32(Span<float> state0, Span<float> state1, Span<float> state2, Span<float> average = default, AverageUpdate averageUpdate = default) =>
        new(state0, state1, state2, average, averageUpdate);

    /// <summary>bfloat16 slots rounded to nearest even, or stochastically when <paramref name="keys"/> is given, and the average the step updates (none by default).</summary>
    public static StateStreams BFloat16(Span<ushort> state0, Span<ushort> state1, Span<ushort> state2, RoundingKeys? keys, Span<float> average = default, AverageUpdate averageUpdate = default) => new(
        keys is null ? StateEncoding.BFloat16NearestEven : StateEncoding.BFloat16Stochastic,
        ref Bytes(state0),
        ref Bytes(state1),
        ref Bytes(state2),
        keys ?? default,
        average,
        averageUpdate);

    /// <summary>8-bit block-wise state (<paramref name="state"/>) from buffer element <paramref name="start"/> on, and the average the step updates (none by default).</summary>
    public static StateStreams Blockwise8Bit(object state, int start, Span<float> average = default, AverageUpdate averageUpdate = default) => new(
        StateEncoding.Blockwise8Bit,
        ref Unsafe.NullRef<byte>(),
        ref Unsafe.NullRef<byte>(),
        ref Unsafe.NullRef<byte>(),
        default,
        average,
        averageUpdate,
        new BlockRun(state, start));

    private static ref byte Bytes<T>(Span<T> span)
        where T : struct => ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(span));
}
