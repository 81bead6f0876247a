using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdOpt.Kernels;

/// <summary>A <see cref="Vector128{T}"/> of floats seen as an <see cref="ILane{TSelf}"/>.</summary>
internal readonly struct Vector128Lane(Vector128<float> value) : ILane<Vector128Lane>
{
    public readonly Vector128<float> Value = value;

    public static int Count => Vector128<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lane Load(ref float origin, nuint index) => new(Vector128.LoadUnsafe(ref origin, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128Lane value, ref float origin, nuint index) => value.Value.StoreUnsafe(ref origin, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lane Create(float value) => new(Vector128.Create(value));

    public static Vector128Lane operator +(Vector128Lane left, Vector128Lane right) => new(left.Value + right.Value);

    public static Vector128Lane operator -(Vector128Lane left, Vector128Lane right) => new(left.Value - right.Value);

    public static Vector128Lane operator *(Vector128Lane left, Vector128Lane right) => new(left.Value * right.Value);

    public static Vector128Lane operator /(Vector128Lane left, Vector128Lane right) => new(left.Value / right.Value);

    public static Vector128Lane operator -(Vector128Lane value) => new(-value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lane Sqrt(Vector128Lane value) => new(Vector128.Sqrt(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lane Max(Vector128Lane left, Vector128Lane right) => new(Vector128.Max(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lane ZeroWhereMagnitudeBelow(Vector128Lane value, Vector128Lane threshold) =>
        new(Vector128.ConditionalSelect(Vector128.LessThan(Vector128.Abs(value.Value), threshold.Value), Vector128<float>.Zero, value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lane Abs(Vector128Lane value) => new(Vector128.Abs(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lane Sign(Vector128Lane value)
    {
        var x = value.Value;
        var one = Vector128<float>.One;
        return new(Vector128.ConditionalSelect(
            Vector128.GreaterThan(x, Vector128<float>.Zero),
            one,
            Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), -one, x - x)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128Lane LoadBFloat16(ref ushort origin, nuint index) =>
        new(Vector128.ShiftLeft(Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref origin, index)))).AsUInt16()), 16).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBFloat16NearestEven(Vector128Lane value, ref ushort origin, nuint index)
    {
        var bits = value.Value.AsUInt32();
        var high = bits >> 16;
        StoreRounded(bits, high, Vector128.Create(0x7FFFu) + (high & Vector128<uint>.One), ref origin, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBFloat16Stochastic(Vector128Lane value, ref ushort origin, nuint index, uint elementIndex, uint key)
    {
        var x = (Vector128<uint>.Indices + Vector128.Create(elementIndex)) ^ Vector128.Create(key);
        x ^= x >> 16;
        x *= Vector128.Create(0x7FEB352Du);
        x ^= x >> 15;
        x *= Vector128.Create(0x846CA68Bu);
        x ^= x >> 16;
        var bits = value.Value.AsUInt32();
        StoreRounded(bits, bits >> 16, x & Vector128.Create(0xFFFFu), ref origin, index);
    }

    /// <summary>Stores <c>(bits + increment) &gt;&gt; 16</c> as bfloat16, NaN as the quiet NaN <c>high | 0x0040</c> (<c>high = bits &gt;&gt; 16</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRounded(Vector128<uint> bits, Vector128<uint> high, Vector128<uint> increment, ref ushort origin, nuint index)
    {
        var nan = Vector128.GreaterThan(bits & Vector128.Create(0x7FFFFFFFu), Vector128.Create(0x7F800000u));
        var encoded = Vector128.ConditionalSelect(nan, high | Vector128.Create(0x0040u), (bits + increment) >> 16);
        Unsafe.WriteUnaligned(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref origin, index)), Vector128.Narrow(encoded, encoded).AsUInt64().ToScalar());
    }
}
