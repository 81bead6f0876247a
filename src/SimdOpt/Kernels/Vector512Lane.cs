using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdOpt.Kernels;

/// <summary>A <see cref="Vector512{T}"/> of floats seen as an <see cref="ILane{TSelf}"/>.</summary>
internal readonly struct Vector512Lane(Vector512<float> value) : ILane<Vector512Lane>
{
    public readonly Vector512<float> Value = value;

    public static int Count => Vector512<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512Lane Load(ref float origin, nuint index) => new(Vector512.LoadUnsafe(ref origin, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512Lane value, ref float origin, nuint index) => value.Value.StoreUnsafe(ref origin, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512Lane Create(float value) => new(Vector512.Create(value));

    public static Vector512Lane operator +(Vector512Lane left, Vector512Lane right) => new(left.Value + right.Value);

    public static Vector512Lane operator -(Vector512Lane left, Vector512Lane right) => new(left.Value - right.Value);

    public static Vector512Lane operator *(Vector512Lane left, Vector512Lane right) => new(left.Value * right.Value);

    public static Vector512Lane operator /(Vector512Lane left, Vector512Lane right) => new(left.Value / right.Value);

    public static Vector512Lane operator -(Vector512Lane value) => new(-value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512Lane Sqrt(Vector512Lane value) => new(Vector512.Sqrt(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512Lane Max(Vector512Lane left, Vector512Lane right) => new(Vector512.Max(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512Lane ZeroWhereMagnitudeBelow(Vector512Lane value, Vector512Lane threshold) =>
        new(Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(value.Value), threshold.Value), Vector512<float>.Zero, value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512Lane Abs(Vector512Lane value) => new(Vector512.Abs(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512Lane Sign(Vector512Lane value)
    {
        var x = value.Value;
        var one = Vector512<float>.One;
        return new(Vector512.ConditionalSelect(
            Vector512.GreaterThan(x, Vector512<float>.Zero),
            one,
            Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), -one, x - x)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512Lane LoadBFloat16(ref ushort origin, nuint index)
    {
        var words = Vector256.LoadUnsafe(ref origin, index).ToVector512Unsafe();
        if (Avx512BW.IsSupported)
        {
            // One vpermt2w: word i of the source to the high half of lane i, a zero word (index 32) to its low half.
            var placement = Vector512.Create((ushort)32, 0, 32, 1, 32, 2, 32, 3, 32, 4, 32, 5, 32, 6, 32, 7, 32, 8, 32, 9, 32, 10, 32, 11, 32, 12, 32, 13, 32, 14, 32, 15);
            return new(Avx512BW.PermuteVar32x16x2(words, placement, Vector512<ushort>.Zero).AsSingle());
        }

        return new(Vector512.ShiftLeft(Vector512.WidenLower(words), 16).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBFloat16NearestEven(Vector512Lane value, ref ushort origin, nuint index)
    {
        var bits = value.Value.AsUInt32();
        var high = bits >> 16;
        StoreRounded(bits, high, Vector512.Create(0x7FFFu) + (high & Vector512<uint>.One), ref origin, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBFloat16Stochastic(Vector512Lane value, ref ushort origin, nuint index, uint elementIndex, uint key)
    {
        var x = (Vector512<uint>.Indices + Vector512.Create(elementIndex)) ^ Vector512.Create(key);
        x ^= x >> 16;
        x *= Vector512.Create(0x7FEB352Du);
        x ^= x >> 15;
        x *= Vector512.Create(0x846CA68Bu);
        x ^= x >> 16;
        var bits = value.Value.AsUInt32();
        StoreRounded(bits, bits >> 16, x & Vector512.Create(0xFFFFu), ref origin, index);
    }

    /// <summary>
    /// Stores <c>(bits + increment) &gt;&gt; 16</c> as bfloat16, NaN as the quiet NaN <c>high | 0x0040</c> (<c>high = bits &gt;&gt; 16</c>).
    /// With AVX-512BW a NaN lane's sum is <c>bits | 0x00400000</c> (its high half is <c>high | 0x0040</c>), chosen by an
    /// unordered compare into a mask, and one vpermw gathers every lane's high half into the lower 256 bits: about a sixth
    /// fewer instructions than the integer NaN test, the shift and vpmovdw.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRounded(Vector512<uint> bits, Vector512<uint> high, Vector512<uint> increment, ref ushort origin, nuint index)
    {
        if (Avx512BW.IsSupported)
        {
            var sum = Vector512.ConditionalSelect(
                Vector512.IsNaN(bits.AsSingle()),
                (bits | Vector512.Create(0x00400000u)).AsSingle(),
                (bits + increment).AsSingle());
            var highHalves = Vector512.Create((ushort)1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            Avx512BW.PermuteVar32x16(sum.AsUInt16(), highHalves).GetLower().StoreUnsafe(ref origin, index);
            return;
        }

        var nan = Vector512.GreaterThan(bits & Vector512.Create(0x7FFFFFFFu), Vector512.Create(0x7F800000u));
        var encoded = Vector512.ConditionalSelect(nan, high | Vector512.Create(0x0040u), (bits + increment) >> 16);
        Vector256.Narrow(encoded.GetLower(), encoded.GetUpper()).StoreUnsafe(ref origin, index);
    }
}
