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
}
