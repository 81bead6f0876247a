using System.Runtime.CompilerServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>
/// 8-bit block-wise state (<see cref="StateEncoding.Blockwise8Bit"/>): <see cref="UpdateLoop"/> hands each run to
/// <see cref="Blockwise8BitStep"/>, which decodes, steps and encodes it one 256-element block at a time. Within a block
/// the state is float32 scratch, so the lane loads and stores are float32 ones (<see cref="Float32Storage"/>).
/// </summary>
internal readonly struct Blockwise8BitStorage : IStateStorage
{
    public static bool RunsBlocks => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane Load<TLane>(ref byte origin, nuint index)
        where TLane : struct, ILane<TLane> => Float32Storage.Load<TLane>(ref origin, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TLane>(TLane value, ref byte origin, nuint index, uint elementIndex, uint key)
        where TLane : struct, ILane<TLane> => Float32Storage.Store(value, ref origin, index, elementIndex, key);

    public static void RunBlocks<TRule, TAverage, TDivide, TMaximize, TDecay>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state, LaneWidth widest)
        where TRule : struct, IUpdateRule
        where TAverage : struct, IAverageUpdate
        where TDivide : struct, IFlag
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag =>
        Blockwise8BitStep.Run<TRule, TAverage, TDivide, TMaximize, TDecay>(rule, parameters, gradients, state, widest);
}
