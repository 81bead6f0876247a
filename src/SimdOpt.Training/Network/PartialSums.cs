using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdOpt.Training.Network;

/// <summary>
/// A float sum of terms <c>t(x[j], y[j])</c> in one fixed order: partial <c>p</c> (0..15) starts at +0 and adds
/// the terms of <c>j ≡ p (mod 16)</c> in increasing <c>j</c>; the 16 partials are combined by the pairwise tree
/// <c>p[k] = p[k] + p[k + w]</c> for <c>w = 8, 4, 2, 1</c> and <c>k &lt; w</c>; the result is <c>p[0]</c>.
/// The vector path keeps the partials in one, two or four <see cref="Vector{T}"/> (16, 8 or 4 lanes) over whole
/// blocks of 16 terms, and loads the last, partial block with +0 terms past its end, which leave every partial
/// unchanged (a partial that starts at +0 is never -0, and <c>p + 0 = p</c> for every other p); the scalar path
/// is the definition itself.
/// </summary>
internal static class PartialSums
{
    /// <summary>The number of partials.</summary>
    public const int Count = 16;

    /// <summary>The term a sum adds for each index.</summary>
    internal interface ITerm
    {
        /// <summary>The term of one pair of elements.</summary>
        static abstract float Of(float x, float y);

        /// <summary>The terms of a vector of pairs, element by element, with the same rounding as the scalar form.</summary>
        static abstract Vector<float> Of(Vector<float> x, Vector<float> y);
    }

    /// <summary>The sum of <c>TTerm.Of(x[j], y[j])</c> over j in the documented order.</summary>
    /// <typeparam name="TTerm">The term.</typeparam>
    /// <param name="x">The first operand of every term.</param>
    /// <param name="y">The second operand (the same length as <paramref name="x"/>).</param>
    /// <returns>The sum.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Of<TTerm>(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        where TTerm : struct, ITerm
    {
        if (!Vector.IsHardwareAccelerated || Vector<float>.Count > Count)
        {
            return Scalar<TTerm>(x, y);
        }

        var s0 = Vector<float>.Zero;
        var s1 = Vector<float>.Zero;
        var s2 = Vector<float>.Zero;
        var s3 = Vector<float>.Zero;
        var length = x.Length;
        var blocks = length - (length % Count);
        ref var xOrigin = ref MemoryMarshal.GetReference(x);
        ref var yOrigin = ref MemoryMarshal.GetReference(y);
        for (var j = 0; j < blocks; j += Count)
        {
            AddBlock<TTerm>(ref Unsafe.Add(ref xOrigin, j), ref Unsafe.Add(ref yOrigin, j), ref s0, ref s1, ref s2, ref s3);
        }

        if (blocks < length)
        {
            AddTail<TTerm>(ref Unsafe.Add(ref xOrigin, blocks), ref Unsafe.Add(ref yOrigin, blocks), length - blocks, ref s0, ref s1, ref s2, ref s3);
        }

        return Combine(s0, s1, s2, s3);
    }

    /// <summary>
    /// Two sums over the same first operand in one pass: <c>sum0</c> of <c>TTerm0.Of(x[j], y0[j])</c> and
    /// <c>sum1</c> of <c>TTerm1.Of(x[j], y1[j])</c>, each in the documented order (the bits of two calls of
    /// <see cref="Of{TTerm}"/>).
    /// </summary>
    /// <typeparam name="TTerm0">The term of the first sum.</typeparam>
    /// <typeparam name="TTerm1">The term of the second sum.</typeparam>
    /// <param name="x">The first operand of every term.</param>
    /// <param name="y0">The second operand of the first sum (the same length as <paramref name="x"/>).</param>
    /// <param name="y1">The second operand of the second sum (the same length as <paramref name="x"/>).</param>
    /// <param name="sum0">The first sum.</param>
    /// <param name="sum1">The second sum.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Of<TTerm0, TTerm1>(ReadOnlySpan<float> x, ReadOnlySpan<float> y0, ReadOnlySpan<float> y1, out float sum0, out float sum1)
        where TTerm0 : struct, ITerm
        where TTerm1 : struct, ITerm
    {
        if (!Vector.IsHardwareAccelerated || Vector<float>.Count > Count)
        {
            sum0 = Scalar<TTerm0>(x, y0);
            sum1 = Scalar<TTerm1>(x, y1);
            return;
        }

        var s0 = Vector<float>.Zero;
        var s1 = Vector<float>.Zero;
        var s2 = Vector<float>.Zero;
        var s3 = Vector<float>.Zero;
        var t0 = Vector<float>.Zero;
        var t1 = Vector<float>.Zero;
        var t2 = Vector<float>.Zero;
        var t3 = Vector<float>.Zero;
        var length = x.Length;
        var blocks = length - (length % Count);
        ref var xOrigin = ref MemoryMarshal.GetReference(x);
        ref var y0Origin = ref MemoryMarshal.GetReference(y0);
        ref var y1Origin = ref MemoryMarshal.GetReference(y1);
        for (var j = 0; j < blocks; j += Count)
        {
            AddBlock<TTerm0>(ref Unsafe.Add(ref xOrigin, j), ref Unsafe.Add(ref y0Origin, j), ref s0, ref s1, ref s2, ref s3);
            AddBlock<TTerm1>(ref Unsafe.Add(ref xOrigin, j), ref Unsafe.Add(ref y1Origin, j), ref t0, ref t1, ref t2, ref t3);
        }

        if (blocks < length)
        {
            AddTail<TTerm0>(ref Unsafe.Add(ref xOrigin, blocks), ref Unsafe.Add(ref y0Origin, blocks), length - blocks, ref s0, ref s1, ref s2, ref s3);
            AddTail<TTerm1>(ref Unsafe.Add(ref xOrigin, blocks), ref Unsafe.Add(ref y1Origin, blocks), length - blocks, ref t0, ref t1, ref t2, ref t3);
        }

        sum0 = Combine(s0, s1, s2, s3);
        sum1 = Combine(t0, t1, t2, t3);
    }

    /// <summary>
    /// Adds the last, partial block of <paramref name="count"/> (1 to 15) terms: the vectors it fills are added as
    /// they are, and the vector it fills in part is loaded with +0 in the lanes past the end (a masked load), so
    /// its partials get +0 terms, which leave them unchanged; vectors past the end are not touched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AddTail<TTerm>(ref float x, ref float y, int count, ref Vector<float> s0, ref Vector<float> s1, ref Vector<float> s2, ref Vector<float> s3)
        where TTerm : struct, ITerm
    {
        var width = Vector<float>.Count;
        fixed (float* xTail = &x, yTail = &y)
        {
            s0 += TTerm.Of(LoadFirst(xTail, count), LoadFirst(yTail, count));
            if (width <= 8 && count > width)
            {
                s1 += TTerm.Of(LoadFirst(xTail + width, count - width), LoadFirst(yTail + width, count - width));
            }

            if (width == 4 && count > 2 * width)
            {
                s2 += TTerm.Of(LoadFirst(xTail + (2 * width), count - (2 * width)), LoadFirst(yTail + (2 * width), count - (2 * width)));
            }

            if (width == 4 && count > 3 * width)
            {
                s3 += TTerm.Of(LoadFirst(xTail + (3 * width), count - (3 * width)), LoadFirst(yTail + (3 * width), count - (3 * width)));
            }
        }
    }

    /// <summary>
    /// The vector of the <paramref name="count"/> floats at <paramref name="source"/> (a whole vector when there
    /// are that many), with +0 in the lanes past them; nothing past them is read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector<float> LoadFirst(float* source, int count)
    {
        if (count >= Vector<float>.Count)
        {
            return Vector.Load(source);
        }

        if (Avx.IsSupported)
        {
            var mask = Vector.AsVectorSingle(Vector.LessThan(Vector<int>.Indices, new Vector<int>(count)));
            return Vector<float>.Count switch
            {
                4 => Avx.MaskLoad(source, mask.AsVector128()).AsVector(),
                8 => Avx.MaskLoad(source, mask.AsVector256()).AsVector(),
                _ => Avx512F.MaskLoad(source, mask.AsVector512(), Vector512<float>.Zero).AsVector(),
            };
        }

        var lanes = Vector<float>.Zero;
        for (var p = 0; p < count; p++)
        {
            lanes = lanes.WithElement(p, source[p]);
        }

        return lanes;
    }

    /// <summary>The definition, one partial at a time.</summary>
    internal static float Scalar<TTerm>(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        where TTerm : struct, ITerm
    {
        Span<float> partials = stackalloc float[Count];
        partials.Clear();
        for (var j = 0; j < x.Length; j++)
        {
            partials[j % Count] += TTerm.Of(x[j], y[j]);
        }

        for (var width = Count / 2; width >= 1; width /= 2)
        {
            for (var k = 0; k < width; k++)
            {
                partials[k] += partials[k + width];
            }
        }

        return partials[0];
    }

    /// <summary>Adds the 16 terms of one block to the partials (lanes of s0, then s1, s2, s3 as the width needs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddBlock<TTerm>(ref float x, ref float y, ref Vector<float> s0, ref Vector<float> s1, ref Vector<float> s2, ref Vector<float> s3)
        where TTerm : struct, ITerm
    {
        var width = (nuint)Vector<float>.Count;
        s0 += TTerm.Of(Vector.LoadUnsafe(ref x), Vector.LoadUnsafe(ref y));
        if (width <= 8)
        {
            s1 += TTerm.Of(Vector.LoadUnsafe(ref x, width), Vector.LoadUnsafe(ref y, width));
        }

        if (width == 4)
        {
            s2 += TTerm.Of(Vector.LoadUnsafe(ref x, 2 * width), Vector.LoadUnsafe(ref y, 2 * width));
            s3 += TTerm.Of(Vector.LoadUnsafe(ref x, 3 * width), Vector.LoadUnsafe(ref y, 3 * width));
        }
    }

    /// <summary>The pairwise tree over the partials held in the vectors.</summary>
    private static float Combine(Vector<float> s0, Vector<float> s1, Vector<float> s2, Vector<float> s3)
    {
        if (Vector<float>.Count == 16)
        {
            var all = s0.AsVector512();
            return Combine(all.GetLower() + all.GetUpper());
        }

        if (Vector<float>.Count == 8)
        {
            return Combine(s0.AsVector256() + s1.AsVector256());
        }

        return Combine((s0.AsVector128() + s2.AsVector128()) + (s1.AsVector128() + s3.AsVector128()));
    }

    /// <summary>The tree's last three levels over 8 partials.</summary>
    private static float Combine(Vector256<float> partials) => Combine(partials.GetLower() + partials.GetUpper());

    /// <summary>The tree's last two levels over 4 partials.</summary>
    private static float Combine(Vector128<float> partials) =>
        (partials.GetElement(0) + partials.GetElement(2)) + (partials.GetElement(1) + partials.GetElement(3));
}
