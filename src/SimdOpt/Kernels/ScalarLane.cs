using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>One float: the tail of every loop, and the only path when hardware intrinsics are off.</summary>
internal readonly struct ScalarLane(float value) : ILane<ScalarLane>
{
    public readonly float Value = value;

    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Load(ref float origin, nuint index) => new(Unsafe.Add(ref origin, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ScalarLane value, ref float origin, nuint index) => Unsafe.Add(ref origin, index) = value.Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Create(float value) => new(value);

    public static ScalarLane operator +(ScalarLane left, ScalarLane right) => new(left.Value + right.Value);

    public static ScalarLane operator -(ScalarLane left, ScalarLane right) => new(left.Value - right.Value);

    public static ScalarLane operator *(ScalarLane left, ScalarLane right) => new(left.Value * right.Value);

    public static ScalarLane operator /(ScalarLane left, ScalarLane right) => new(left.Value / right.Value);

    public static ScalarLane operator -(ScalarLane value) => new(-value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Sqrt(ScalarLane value) => new(MathF.Sqrt(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Max(ScalarLane left, ScalarLane right) => new(MathF.Max(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane ZeroWhereMagnitudeBelow(ScalarLane value, ScalarLane threshold) =>
        new(MathF.Abs(value.Value) < threshold.Value ? 0f : value.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Abs(ScalarLane value) => new(MathF.Abs(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Sign(ScalarLane value)
    {
        var x = value.Value;
        return new(x > 0f ? 1f : x < 0f ? -1f : x - x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane LoadBFloat16(ref ushort origin, nuint index) => new(BitConverter.UInt32BitsToSingle((uint)Unsafe.Add(ref origin, index) << 16));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBFloat16NearestEven(ScalarLane value, ref ushort origin, nuint index)
    {
        var bits = BitConverter.SingleToUInt32Bits(value.Value);
        StoreRounded(bits, 0x7FFFu + ((bits >> 16) & 1u), ref origin, index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBFloat16Stochastic(ScalarLane value, ref ushort origin, nuint index, uint elementIndex, uint key)
    {
        var x = elementIndex ^ key;
        x ^= x >> 16;
        x = unchecked(x * 0x7FEB352Du);
        x ^= x >> 15;
        x = unchecked(x * 0x846CA68Bu);
        x ^= x >> 16;
        StoreRounded(BitConverter.SingleToUInt32Bits(value.Value), x & 0xFFFFu, ref origin, index);
    }

    /// <summary>Stores <c>(bits + increment) &gt;&gt; 16</c> as bfloat16, NaN as the quiet NaN <c>(bits &gt;&gt; 16) | 0x0040</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRounded(uint bits, uint increment, ref ushort origin, nuint index) =>
        Unsafe.Add(ref origin, index) = (ushort)((bits & 0x7FFFFFFFu) > 0x7F800000u ? (bits >> 16) | 0x0040u : unchecked(bits + increment) >> 16);
}
