using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SimdOpt.Kernels;

/// <summary>
/// The sum of squares of float32 values in one fixed order, so every path gives the same bits:
/// each value is squared in double (exact: a float's square fits a double's mantissa and range);
/// partial <c>k</c> (k = 0..15) adds the squares of elements <c>i ≡ k (mod 16)</c> in increasing <c>i</c>, starting
/// from +0; then the partials are combined by the fixed pairwise tree <c>p[k] = p[k] + p[k + w]</c> for
/// <c>w = 8, 4, 2, 1</c> and <c>k &lt; w</c>; the result is <c>p[0]</c>. The vector paths hold the 16 partials in
/// lanes (2 × Vector512, 4 × Vector256 or 8 × Vector128 of doubles) over whole blocks of 16 elements; the
/// remaining elements and the tree are done one double at a time.
/// </summary>
internal static class SumOfSquares
{
    public const int PartialCount = 16;

    /// <summary>The sum in the documented order, at the width <see cref="LaneSelection.Widest"/> allows.</summary>
    public static double Compute(ReadOnlySpan<float> values) => Compute(values, LaneSelection.Widest);

    /// <summary>The sum in the documented order, at the given width (a width the hardware lacks runs in software, with the same bits).</summary>
    public static double Compute(ReadOnlySpan<float> values, LaneWidth path)
    {
        Span<double> partials = stackalloc double[PartialCount];
        partials.Clear();
        ref var origin = ref MemoryMarshal.GetReference(values);
        ref var p = ref MemoryMarshal.GetReference(partials);
        var length = (nuint)values.Length;
        var index = path switch
        {
            LaneWidth.Vector512 => Blocks512(ref origin, length, ref p),
            LaneWidth.Vector256 => Blocks256(ref origin, length, ref p),
            LaneWidth.Vector128 => Blocks128(ref origin, length, ref p),
            _ => (nuint)0,
        };

        for (; index < length; index++)
        {
            double x = Unsafe.Add(ref origin, index);
            partials[(int)(index % PartialCount)] += x * x;
        }

        for (var width = PartialCount / 2; width >= 1; width /= 2)
        {
            for (var k = 0; k < width; k++)
            {
                partials[k] += partials[k + width];
            }
        }

        return partials[0];
    }

    private static nuint Blocks512(ref float origin, nuint length, ref double partials)
    {
        var a = Vector512<double>.Zero;
        var b = Vector512<double>.Zero;
        nuint index = 0;
        for (; length - index >= PartialCount; index += PartialCount)
        {
            var (low, high) = Vector512.Widen(Vector512.LoadUnsafe(ref origin, index));
            a += low * low;
            b += high * high;
        }

        a.StoreUnsafe(ref partials, 0);
        b.StoreUnsafe(ref partials, 8);
        return index;
    }

    private static nuint Blocks256(ref float origin, nuint length, ref double partials)
    {
        var a = Vector256<double>.Zero;
        var b = Vector256<double>.Zero;
        var c = Vector256<double>.Zero;
        var d = Vector256<double>.Zero;
        nuint index = 0;
        for (; length - index >= PartialCount; index += PartialCount)
        {
            var (x0, x1) = Vector256.Widen(Vector256.LoadUnsafe(ref origin, index));
            var (x2, x3) = Vector256.Widen(Vector256.LoadUnsafe(ref origin, index + 8));
            a += x0 * x0;
            b += x1 * x1;
            c += x2 * x2;
            d += x3 * x3;
        }

        a.StoreUnsafe(ref partials, 0);
        b.StoreUnsafe(ref partials, 4);
        c.StoreUnsafe(ref partials, 8);
        d.StoreUnsafe(ref partials, 12);
        return index;
    }

    private static nuint Blocks128(ref float origin, nuint length, ref double partials)
    {
        Vector128<double> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        nuint index = 0;
        for (; length - index >= PartialCount; index += PartialCount)
        {
            var (x0, x1) = Vector128.Widen(Vector128.LoadUnsafe(ref origin, index));
            var (x2, x3) = Vector128.Widen(Vector128.LoadUnsafe(ref origin, index + 4));
            var (x4, x5) = Vector128.Widen(Vector128.LoadUnsafe(ref origin, index + 8));
            var (x6, x7) = Vector128.Widen(Vector128.LoadUnsafe(ref origin, index + 12));
            s0 += x0 * x0;
            s1 += x1 * x1;
            s2 += x2 * x2;
            s3 += x3 * x3;
            s4 += x4 * x4;
            s5 += x5 * x5;
            s6 += x6 * x6;
            s7 += x7 * x7;
        }

        s0.StoreUnsafe(ref partials, 0);
        s1.StoreUnsafe(ref partials, 2);
        s2.StoreUnsafe(ref partials, 4);
        s3.StoreUnsafe(ref partials, 6);
        s4.StoreUnsafe(ref partials, 8);
        s5.StoreUnsafe(ref partials, 10);
        s6.StoreUnsafe(ref partials, 12);
        s7.StoreUnsafe(ref partials, 14);
        return index;
    }
}
