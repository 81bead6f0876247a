using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>float32 state: plain loads and stores of the lane.</summary>
internal readonly struct Float32Storage : IStateStorage
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane Load<TLane>(ref byte origin, nuint index)
        where TLane : struct, ILane<TLane> => TLane.Load(ref Unsafe.As<byte, float>(ref origin), index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TLane>(TLane value, ref byte origin, nuint index, uint elementIndex, uint key)
        where TLane : struct, ILane<TLane> => TLane.Store(value, ref Unsafe.As<byte, float>(ref origin), index);
}
