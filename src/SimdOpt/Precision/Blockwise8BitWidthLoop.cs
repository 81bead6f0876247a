using System.Runtime.CompilerServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>
/// The loop over a stretch of whole 256-element blocks of 8-bit state at one lane width (<see cref="Blockwise8BitStep"/>),
/// given the rule's lanes by <see cref="IUpdateRule.RunWidth"/> once for the stretch. Per block: every slot's codes are
/// decoded into one block of float32 scratch (3 KB on the stack, so it stays in L1: 256 floats per slot do not fit in
/// registers next to the rule's lanes), <see cref="WidthLoop{TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, TLane}"/>
/// steps the block's parameters over it, and each slot's absmax and codes are written back. The parameters, the gradients
/// and the codes are read and written once per step; the float32 values only travel through L1.
/// </summary>
internal readonly struct Blockwise8BitWidthLoop<TRule, TAverage, TDivide, TMaximize, TDecay, TLane> : IWidthLoop<TLane>
    where TRule : struct, IUpdateRule
    where TAverage : struct, IAverageUpdate
    where TDivide : struct, IFlag
    where TMaximize : struct, IFlag
    where TDecay : struct, IFlag
    where TLane : struct, ILane<TLane>
{
    /// <summary>Every whole block from <paramref name="index"/> (a block start) up to <paramref name="length"/>; returns the index after the last.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    [SkipLocalsInit]
    public static nuint Run<TLaneRule>(in TLaneRule rule, GradientTransform transform, ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLaneRule : struct, ILaneRule<TLane>
    {
        const int Block = Blockwise8BitState.BlockLength;
        var blocks = (Blockwise8BitState)state.Blocks.State;
        var slots = blocks.SlotCount;
        var element = state.Blocks.Start + (int)index;
        var scale = blocks.ScaleIndex(blocks.PieceAt(element));
        Span<float> scratch = stackalloc float[3 * Block];
        var s0 = Blockwise8BitStep.Slot(scratch, slots, 0, Block);
        var s1 = Blockwise8BitStep.Slot(scratch, slots, 1, Block);
        var s2 = Blockwise8BitStep.Slot(scratch, slots, 2, Block);
        for (; length - index >= Block; index += Block, element += Block, scale++)
        {
            for (var slot = 0; slot < slots; slot++)
            {
                blocks.DecodeBlock(slot, element, scale, scratch.Slice(slot * Block, Block));
            }

            WidthLoop<TRule, Float32Storage, TAverage, TDivide, TMaximize, TDecay, TLane>.Run(
                rule,
                transform,
                ref Unsafe.Add(ref parameters, index),
                ref Unsafe.Add(ref gradients, index),
                StateStreams.Float32(s0, s1, s2, Blockwise8BitStep.Average(state, (int)index, Block), state.AverageUpdate),
                0,
                Block);
            for (var slot = 0; slot < slots; slot++)
            {
                blocks.EncodeBlock(slot, element, scale, scratch.Slice(slot * Block, Block));
            }
        }

        return index;
    }
}
