using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// bfloat16 state rounded to nearest, ties to even: decoded in registers (<see cref="ILane{TSelf}.LoadBFloat16"/>) and
/// encoded in registers (<see cref="ILane{TSelf}.StoreBFloat16NearestEven"/>), the formula <c>StatePrecision.BFloat16</c> documents.
/// </summary>
internal readonly struct BFloat16NearestEvenStorage : IStateStorage
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane Load<TLane>(ref byte origin, nuint index)
        where TLane : struct, ILane<TLane> => TLane.LoadBFloat16(ref Unsafe.As<byte, ushort>(ref origin), index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<TLane>(TLane value, ref byte origin, nuint index, uint elementIndex, uint key)
        where TLane : struct, ILane<TLane> => TLane.StoreBFloat16NearestEven(value, ref Unsafe.As<byte, ushort>(ref origin), index);
}
