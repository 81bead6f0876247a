using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdOpt.Kernels;

/// <summary>A <see cref="Vector256{T}"/> of floats seen as an <see cref="ILane{TSelf}"/>.</summary>
internal readonly struct Vector256Lane(Vector256<float> value) : ILane<Vector256Lane>
{
    public readonly Vector256<float> Value = value;

    public static int Count => Vector256<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lane Load(ref float origin, nuint index) => new(Vector256.LoadUnsafe(ref origin, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256Lane value, ref float origin, nuint index) => value.Value.StoreUnsafe(ref origin, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lane Create(float value) => new(Vector256.Create(value));

    public static Vector256Lane operator +(Vector256Lane left, Vector256Lane right) => new(left.Value + right.Value);

    public static Vector256Lane operator -(Vector256Lane left, Vector256Lane right) => new(left.Value - right.Value);

    public static Vector256Lane operator *(Vector256Lane left, Vector256Lane right) => new(left.Value * right.Value);

    public static Vector256Lane operator /(Vector256Lane left, Vector256Lane right) => new(left.Value / right.Value);

    public static Vector256Lane operator -(Vector256Lane value) => new(-value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lane Sqrt(Vector256Lane value) => new(Vector256.Sqrt(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lane Max(Vector256Lane left, Vector256Lane right) => new(Vector256.Max(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lane ZeroWhereMagnitudeBelow(Vector256Lane value, Vector256Lane threshold) =>
        new(Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(value.Value), threshold.Value), Vector256<float>.Zero, value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lane Abs(Vector256Lane value) => new(Vector256.Abs(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lane Sign(Vector256Lane value)
    {
        var x = value.Value;
        var one = Vector256<float>.One;
        return new(Vector256.ConditionalSelect(
            Vector256.GreaterThan(x, Vector256<float>.Zero),
            one,
            Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), -one, x - x)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256Lane LoadBFloat16(ref ushort origin, nuint index) =>
        new(Vector256.ShiftLeft(Vector256.WidenLower(Vector128.LoadUnsafe(ref origin, index).ToVector256Unsafe()), 16).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBFloat16NearestEven(Vector256Lane value, ref ushort origin, nuint index)
    {
        var bits = value.Value.AsUInt32();
        var high = bits >> 16;
        StoreRounded(bits, high, Vector256.Create(0x7FFFu) + (high & Vector256<uint>.One), ref origin, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBFloat16Stochastic(Vector256Lane value, ref ushort origin, nuint index, uint elementIndex, uint key)
    {
        var x = (Vector256<uint>.Indices + Vector256.Create(elementIndex)) ^ Vector256.Create(key);
        x ^= x >> 16;
        x *= Vector256.Create(0x7FEB352Du);
        x ^= x >> 15;
        x *= Vector256.Create(0x846CA68Bu);
        x ^= x >> 16;
        var bits = value.Value.AsUInt32();
        StoreRounded(bits, bits >> 16, x & Vector256.Create(0xFFFFu), ref origin, index);
    }

    /// <summary>Stores <c>(bits + increment) &gt;&gt; 16</c> as bfloat16, NaN as the quiet NaN <c>high | 0x0040</c> (<c>high = bits &gt;&gt; 16</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRounded(Vector256<uint> bits, Vector256<uint> high, Vector256<uint> increment, ref ushort origin, nuint index)
    {
        var nan = Vector256.GreaterThan(bits & Vector256.Create(0x7FFFFFFFu), Vector256.Create(0x7F800000u));
        var encoded = Vector256.ConditionalSelect(nan, high | Vector256.Create(0x0040u), (bits + increment) >> 16);
        Vector128.Narrow(encoded.GetLower(), encoded.GetUpper()).StoreUnsafe(ref origin, index);
    }
}
