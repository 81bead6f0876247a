using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// bfloat16 state rounded stochastically: decoded as <see cref="BFloat16NearestEvenStorage"/> does, encoded with each
/// element's random bits from its buffer index and the slot's key (<see cref="ILane{TSelf}.StoreBFloat16Stochastic"/>).
/// </summary>
internal readonly struct BFloat16StochasticStorage : IStateStorage
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane Load<TLane>(ref byte origin, nuint index)
        where TLane : struct, ILane<TLane> => TLane.LoadBFloat16(ref Unsafe.As<byte, ushort>(ref origin), index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TLane>(TLane value, ref byte origin, nuint index, uint elementIndex, uint key)
        where TLane : struct, ILane<TLane> => TLane.StoreBFloat16Stochastic(value, ref Unsafe.As<byte, ushort>(ref origin), index, elementIndex, key);
}
