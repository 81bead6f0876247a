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
}
