using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>
/// <see cref="UpdateLoop"/> over 8-bit block-wise state (<see cref="StateEncoding.Blockwise8Bit"/>): walks the run's pieces
/// in buffer order, once. A stretch of whole 256-element blocks goes to <see cref="Blockwise8BitWidthLoop{TRule, TAverage, TDivide, TMaximize, TDecay, TLane}"/>
/// at the widest width, with the rule's scalars broadcast once for the stretch; a tensor's head or tail piece is decoded,
/// stepped over every width and encoded the same way with one block of scratch; the pieces of small tensors, whose state is
/// float32, run through <see cref="UpdateLoop.RunFrom"/> directly. Each element gets the same bits as the reference
/// (<c>ReferenceBlockwise8Bit.Step</c>): decode every slot of the piece, the rule in float32, then per piece the absmax and the codes.
/// </summary>
[SkipLocalsInit]
internal static class Blockwise8BitStep
{
    /// <summary>Steps the run that <paramref name="state"/>'s <see cref="StateStreams.Blocks"/> starts, over <paramref name="parameters"/>' length.</summary>
    public static void Run<TRule, TAverage, TDivide, TMaximize, TDecay>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state, LaneWidth widest)
        where TRule : struct, IUpdateRule
        where TAverage : struct, IAverageUpdate
        where TDivide : struct, IFlag
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag
    {
        var blocks = (Blockwise8BitState)state.Blocks.State;
        var start = state.Blocks.Start;
        var end = start + parameters.Length;
        var slots = blocks.SlotCount;
        Span<float> scratch = stackalloc float[3 * Blockwise8BitState.BlockLength];
        var piece = blocks.PieceAt(start);
        for (var at = start; at < end; piece++)
        {
            var pieceEnd = Math.Min(end, blocks.PieceStart(piece + 1));
            var offset = at - start;
            if (!blocks.IsQuantized(piece))
            {
                var count = pieceEnd - at;
                UpdateLoop.RunFrom<TRule, Float32Storage, TAverage, TDivide, TMaximize, TDecay>(
                    rule,
                    parameters.Slice(offset, count),
                    gradients.Slice(offset, count),
                    StateStreams.Float32(Floats(blocks, 0, piece, at, count), Floats(blocks, 1, piece, at, count), Floats(blocks, 2, piece, at, count), Average(state, offset, count), state.AverageUpdate),
                    widest);
                at = pieceEnd;
                continue;
            }

            if (pieceEnd - at < Blockwise8BitState.BlockLength)
            {
                // A tensor's head or tail piece: shorter than a block, so every width may take a part of it.
                var count = pieceEnd - at;
                var scale = blocks.ScaleIndex(piece);
                for (var slot = 0; slot < slots; slot++)
                {
                    blocks.DecodeBlock(slot, at, scale, scratch.Slice(slot * Blockwise8BitState.BlockLength, count));
                }

                UpdateLoop.RunFrom<TRule, Float32Storage, TAverage, TDivide, TMaximize, TDecay>(
                    rule,
                    parameters.Slice(offset, count),
                    gradients.Slice(offset, count),
                    StateStreams.Float32(Slot(scratch, slots, 0, count), Slot(scratch, slots, 1, count), Slot(scratch, slots, 2, count), Average(state, offset, count), state.AverageUpdate),
                    widest);
                for (var slot = 0; slot < slots; slot++)
                {
                    blocks.EncodeBlock(slot, at, scale, scratch.Slice(slot * Blockwise8BitState.BlockLength, count));
                }

                at = pieceEnd;
                continue;
            }

            // Whole blocks: this one and every whole quantized block after it (their scales are numbered in order).
            var stretchEnd = pieceEnd;
            while (stretchEnd < end && blocks.IsQuantized(piece + 1) && Math.Min(end, blocks.PieceStart(piece + 2)) - stretchEnd == Blockwise8BitState.BlockLength)
            {
                piece++;
                stretchEnd += Blockwise8BitState.BlockLength;
            }

            var length = stretchEnd - at;
            var stretch = StateStreams.Blockwise8Bit(blocks, at, Average(state, offset, length), state.AverageUpdate);
            ref var p = ref MemoryMarshal.GetReference(parameters.Slice(offset, length));
            ref var g = ref MemoryMarshal.GetReference(gradients.Slice(offset, length));
            _ = widest switch
            {
                LaneWidth.Vector512 => rule.RunWidth<Vector512Lane, Blockwise8BitWidthLoop<TRule, TAverage, TDivide, TMaximize, TDecay, Vector512Lane>>(ref p, ref g, stretch, 0, (nuint)length),
                LaneWidth.Vector256 => rule.RunWidth<Vector256Lane, Blockwise8BitWidthLoop<TRule, TAverage, TDivide, TMaximize, TDecay, Vector256Lane>>(ref p, ref g, stretch, 0, (nuint)length),
                LaneWidth.Vector128 => rule.RunWidth<Vector128Lane, Blockwise8BitWidthLoop<TRule, TAverage, TDivide, TMaximize, TDecay, Vector128Lane>>(ref p, ref g, stretch, 0, (nuint)length),
                _ => rule.RunWidth<ScalarLane, Blockwise8BitWidthLoop<TRule, TAverage, TDivide, TMaximize, TDecay, ScalarLane>>(ref p, ref g, stretch, 0, (nuint)length),
            };
            at = stretchEnd;
        }
    }

    /// <summary>Slot <paramref name="slot"/>'s part of one block of scratch (empty for a slot the optimizer does not have).</summary>
    internal static Span<float> Slot(Span<float> scratch, int slots, int slot, int count) =>
        slot < slots ? scratch.Slice(slot * Blockwise8BitState.BlockLength, count) : [];

    /// <summary>The running average's elements <c>[offset, offset + count)</c> of the run (empty when the step updates none).</summary>
    internal static Span<float> Average(in StateStreams state, int offset, int count) =>
        state.AverageUpdate.Kind == AverageKind.None ? [] : MemoryMarshal.CreateSpan(ref Unsafe.Add(ref state.Average, offset), count);

    private static Span<float> Floats(Blockwise8BitState blocks, int slot, int piece, int start, int count) =>
        slot < blocks.SlotCount ? blocks.FloatSlice(slot, piece, start, count) : [];
}
