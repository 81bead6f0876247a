using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdOpt.Precision;

/// <summary>
/// float32 to bfloat16 and back, as <see cref="StatePrecision.BFloat16"/> documents: pure integer operations
/// on the float's bits, so the vector loop (<see cref="Vector{T}"/>, two float vectors per step) and the scalar tail give
/// the same bits for every element.
/// </summary>
internal static class BFloat16Conversion
{
    private const uint QuietBit = 0x0040;

    /// <summary><c>destination[i] = bits(source[i]) &lt;&lt; 16</c>; the spans have equal length.</summary>
    public static void Widen(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        ref var s = ref MemoryMarshal.GetReference(source);
        ref var d = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(destination));
        var length = (nuint)destination.Length;
        nuint i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var step = (nuint)Vector<ushort>.Count;
            for (; length - i >= step; i += step)
            {
                Vector.Widen(Vector.LoadUnsafe(ref s, i), out var low, out var high);
                Vector.StoreUnsafe(Vector.ShiftLeft(low, 16), ref d, i);
                Vector.StoreUnsafe(Vector.ShiftLeft(high, 16), ref d, i + (step / 2));
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref d, i) = (uint)Unsafe.Add(ref s, i) << 16;
        }
    }

    /// <summary>Rounds every element to nearest, ties to even (NaN kept quiet); the spans have equal length.</summary>
    public static void RoundNearestEven(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        ref var s = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(source));
        ref var d = ref MemoryMarshal.GetReference(destination);
        var length = (nuint)source.Length;
        nuint i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var step = (nuint)Vector<ushort>.Count;
            for (; length - i >= step; i += step)
            {
                var low = NearestEven(Vector.LoadUnsafe(ref s, i));
                var high = NearestEven(Vector.LoadUnsafe(ref s, i + (step / 2)));
                Vector.StoreUnsafe(Vector.Narrow(low, high), ref d, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref d, i) = NearestEven(Unsafe.Add(ref s, i));
        }
    }

    /// <summary>
    /// Rounds every element stochastically with the random bits of <see cref="StochasticRounding.RandomBits(uint)"/> of <c>index ^ key</c>
    /// for element indices <paramref name="firstIndex"/>, <paramref name="firstIndex"/> + 1, ... and <paramref name="key"/>.
    /// </summary>
    public static void RoundStochastic(ReadOnlySpan<float> source, Span<ushort> destination, uint firstIndex, uint key)
    {
        ref var s = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(source));
        ref var d = ref MemoryMarshal.GetReference(destination);
        var length = (nuint)source.Length;
        nuint i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var step = (nuint)Vector<ushort>.Count;
            var half = (uint)(step / 2);
            var keys = new Vector<uint>(key);
            var indices = Vector<uint>.Indices + new Vector<uint>(firstIndex);
            for (; length - i >= step; i += step)
            {
                var low = Stochastic(Vector.LoadUnsafe(ref s, i), StochasticRounding.RandomBits(indices ^ keys));
                indices += new Vector<uint>(half);
                var high = Stochastic(Vector.LoadUnsafe(ref s, i + half), StochasticRounding.RandomBits(indices ^ keys));
                indices += new Vector<uint>(half);
                Vector.StoreUnsafe(Vector.Narrow(low, high), ref d, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref d, i) = (ushort)Stochastic(Unsafe.Add(ref s, i), StochasticRounding.RandomBits((firstIndex + (uint)i) ^ key));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort NearestEven(uint bits) =>
        IsNaN(bits) ? (ushort)((bits >> 16) | QuietBit) : (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> NearestEven(Vector<uint> bits)
    {
        var rounded = Vector.ShiftRightLogical(bits + new Vector<uint>(0x7FFFu) + (Vector.ShiftRightLogical(bits, 16) & Vector<uint>.One), 16);
        return Vector.ConditionalSelect(IsNaN(bits), Vector.ShiftRightLogical(bits, 16) | new Vector<uint>(QuietBit), rounded);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Stochastic(uint bits, uint random) =>
        IsNaN(bits) ? (bits >> 16) | QuietBit : (bits + (random & 0xFFFFu)) >> 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> Stochastic(Vector<uint> bits, Vector<uint> random)
    {
        var rounded = Vector.ShiftRightLogical(bits + (random & new Vector<uint>(0xFFFFu)), 16);
        return Vector.ConditionalSelect(IsNaN(bits), Vector.ShiftRightLogical(bits, 16) | new Vector<uint>(QuietBit), rounded);
    }

    /// <summary>NaN: all exponent bits set and a mantissa that is not zero, i.e. <c>(bits &amp; 0x7FFFFFFF) &gt; 0x7F800000</c>.</summary>
    private static bool IsNaN(uint bits) => (bits & 0x7FFFFFFFu) > 0x7F800000u;

    private static Vector<uint> IsNaN(Vector<uint> bits) => Vector.GreaterThan(bits & new Vector<uint>(0x7FFFFFFFu), new Vector<uint>(0x7F800000u));
}
