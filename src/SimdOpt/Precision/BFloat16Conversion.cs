using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>
/// float32 to bfloat16 and back over whole spans, as <see cref="StatePrecision.BFloat16"/> documents (for filling state and
/// for decoded copies; a step converts inside its own loop). Each element goes through the lanes' own conversions
/// (<see cref="ILane{TSelf}.LoadBFloat16"/>, <see cref="ILane{TSelf}.StoreBFloat16NearestEven"/>,
/// <see cref="ILane{TSelf}.StoreBFloat16Stochastic"/>), widest accelerated width first, so these give the bits of a step.
/// </summary>
internal static class BFloat16Conversion
{
    /// <summary><c>destination[i] = bits(source[i]) &lt;&lt; 16</c>; the spans have equal length.</summary>
    public static void Widen(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        ref var s = ref MemoryMarshal.GetReference(source);
        ref var d = ref MemoryMarshal.GetReference(destination);
        var length = (nuint)destination.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            i = Widen<Vector512Lane>(ref s, ref d, i, length);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            i = Widen<Vector256Lane>(ref s, ref d, i, length);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            i = Widen<Vector128Lane>(ref s, ref d, i, length);
        }

        Widen<ScalarLane>(ref s, ref d, i, length);
    }

    /// <summary>Rounds every element to nearest, ties to even (NaN kept quiet); the spans have equal length.</summary>
    public static void RoundNearestEven(ReadOnlySpan<float> source, Span<ushort> destination) =>
        Round<Off>(source, destination, 0, 0);

    /// <summary>
    /// Rounds every element stochastically with the random bits of element index <c>firstIndex + i</c> (uint wrap-around)
    /// and <paramref name="key"/> (<see cref="StochasticRounding.Key"/>); the spans have equal length.
    /// </summary>
    public static void RoundStochastic(ReadOnlySpan<float> source, Span<ushort> destination, uint firstIndex, uint key) =>
        Round<On>(source, destination, firstIndex, key);

    private static void Round<TStochastic>(ReadOnlySpan<float> source, Span<ushort> destination, uint firstIndex, uint key)
        where TStochastic : struct, IFlag
    {
        ref var s = ref MemoryMarshal.GetReference(source);
        ref var d = ref MemoryMarshal.GetReference(destination);
        var length = (nuint)source.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            i = Round<TStochastic, Vector512Lane>(ref s, ref d, i, length, firstIndex, key);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            i = Round<TStochastic, Vector256Lane>(ref s, ref d, i, length, firstIndex, key);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            i = Round<TStochastic, Vector128Lane>(ref s, ref d, i, length, firstIndex, key);
        }

        Round<TStochastic, ScalarLane>(ref s, ref d, i, length, firstIndex, key);
    }

    private static nuint Widen<TLane>(ref ushort source, ref float destination, nuint i, nuint length)
        where TLane : struct, ILane<TLane>
    {
        for (; length - i >= (nuint)TLane.Count; i += (nuint)TLane.Count)
        {
            TLane.Store(TLane.LoadBFloat16(ref source, i), ref destination, i);
        }

        return i;
    }

    private static nuint Round<TStochastic, TLane>(ref float source, ref ushort destination, nuint i, nuint length, uint firstIndex, uint key)
        where TStochastic : struct, IFlag
        where TLane : struct, ILane<TLane>
    {
        for (; length - i >= (nuint)TLane.Count; i += (nuint)TLane.Count)
        {
            var value = TLane.Load(ref source, i);
            if (TStochastic.IsOn)
            {
                TLane.StoreBFloat16Stochastic(value, ref destination, i, unchecked(firstIndex + (uint)i), key);
            }
            else
            {
                TLane.StoreBFloat16NearestEven(value, ref destination, i);
            }
        }

        return i;
    }
}
