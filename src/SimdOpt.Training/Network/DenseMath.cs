using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdOpt.Training.Network;

/// <summary>
/// The matrix operations of a dense layer on row-major matrices whose columns are examples, as vector loops over
/// the columns with one fixed order of float operations, so every hardware path (any <see cref="Vector{T}"/>
/// width, or none) gives the same bits.
/// <list type="bullet">
/// <item>Element-wise results (<see cref="Affine"/>, <see cref="InputGradient"/>) are unfused: every product is
/// rounded, then added to the running value, in increasing order of the summed index.</item>
/// <item>Sums over the examples (<see cref="ParameterGradients"/>) use 16 partial sums
/// (<see cref="PartialSums"/>): partial <c>p</c> starts at +0 and adds the rounded terms of columns
/// <c>j ≡ p (mod 16)</c> in increasing <c>j</c>; the partials are then combined by the fixed pairwise tree
/// <c>p[k] = p[k] + p[k + w]</c> for <c>w = 8, 4, 2, 1</c> and <c>k &lt; w</c>, and the result is <c>p[0]</c>.</item>
/// </list>
/// </summary>
internal static class DenseMath
{
    /// <summary>
    /// <c>z = w a + b</c>: w is (rows, inner), a is (inner, columns), b is (rows, 1), z is (rows, columns);
    /// <c>z[i, j] = (…((b[i] + a[0, j] w[i, 0]) + a[1, j] w[i, 1]) …) + a[inner-1, j] w[i, inner-1]</c>.
    /// z must not overlap a.
    /// </summary>
    public static void Affine(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> a, Span<float> z, int rows, int inner, int columns)
    {
        CheckLength(w, rows * inner, nameof(w));
        CheckLength(b, rows, nameof(b));
        CheckLength(a, inner * columns, nameof(a));
        CheckLength(z, rows * columns, nameof(z));
        ref var wOrigin = ref MemoryMarshal.GetReference(w);
        ref var bOrigin = ref MemoryMarshal.GetReference(b);
        ref var aOrigin = ref MemoryMarshal.GetReference(a);
        ref var zOrigin = ref MemoryMarshal.GetReference(z);
        for (var i = 0; i < rows; i++)
        {
            CombineRows(Unsafe.Add(ref bOrigin, i), ref Unsafe.Add(ref wOrigin, i * inner), 1, ref aOrigin, inner, columns, ref Unsafe.Add(ref zOrigin, i * columns));
        }
    }

    /// <summary>
    /// <c>dw = dz aᵀ</c> and <c>db = row sums of dz</c>: dz is (rows, columns), a is (inner, columns);
    /// <c>dw[i, k]</c> sums the rounded products <c>dz[i, j] a[k, j]</c> and <c>db[i]</c> the values <c>dz[i, j]</c>,
    /// each in the partial-sum order of <see cref="DenseMath"/>.
    /// </summary>
    public static void ParameterGradients(ReadOnlySpan<float> dz, ReadOnlySpan<float> a, Span<float> dw, Span<float> db, int rows, int inner, int columns)
    {
        for (var i = 0; i < rows; i++)
        {
            var dzRow = dz.Slice(i * columns, columns);
            var dwRow = dw.Slice(i * inner, inner);
            var k = 0;
            for (; k + 1 < inner; k += 2)
            {
                PartialSums.Of<Product, Product>(dzRow, a.Slice(k * columns, columns), a.Slice((k + 1) * columns, columns), out dwRow[k], out dwRow[k + 1]);
            }

            if (k < inner)
            {
                PartialSums.Of<Product, First>(dzRow, a.Slice(k * columns, columns), dzRow, out dwRow[k], out db[i]);
            }
            else
            {
                db[i] = PartialSums.Of<First>(dzRow, dzRow);
            }
        }
    }

    /// <summary>
    /// <c>da = wᵀ dz</c>: w is (rows, inner), dz is (rows, columns), da is (inner, columns);
    /// <c>da[k, j] = (…((+0 + dz[0, j] w[0, k]) + dz[1, j] w[1, k]) …) + dz[rows-1, j] w[rows-1, k]</c>.
    /// da must not overlap dz.
    /// </summary>
    public static void InputGradient(ReadOnlySpan<float> w, ReadOnlySpan<float> dz, Span<float> da, int rows, int inner, int columns)
    {
        CheckLength(w, rows * inner, nameof(w));
        CheckLength(dz, rows * columns, nameof(dz));
        CheckLength(da, inner * columns, nameof(da));
        ref var wOrigin = ref MemoryMarshal.GetReference(w);
        ref var dzOrigin = ref MemoryMarshal.GetReference(dz);
        ref var daOrigin = ref MemoryMarshal.GetReference(da);
        for (var k = 0; k < inner; k++)
        {
            CombineRows(0f, ref Unsafe.Add(ref wOrigin, k), inner, ref dzOrigin, rows, columns, ref Unsafe.Add(ref daOrigin, k * columns));
        }
    }

    /// <summary>
    /// One output row as an unfused combination of the <paramref name="terms"/> rows of <paramref name="source"/>
    /// (each <paramref name="columns"/> long, one after the other) with the weights
    /// <c>c[t] = weights[t * weightStride]</c>: <c>destination[j] = (…((start + source[0, j] c[0]) + source[1, j] c[1]) …)
    /// + source[terms-1, j] c[terms-1]</c>, each product rounded before it is added. The vector path keeps four
    /// column vectors in flight, and the last vector ends at the row's end (it may recompute columns of the one
    /// before, to the same bits), so destination must not overlap source.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CombineRows(float start, ref float weights, int weightStride, ref float source, int terms, int columns, ref float destination)
    {
        var width = Vector<float>.Count;
        if (!Vector.IsHardwareAccelerated || columns < width)
        {
            for (var j = 0; j < columns; j++)
            {
                var sum = start;
                ref var element = ref Unsafe.Add(ref source, j);
                ref var weight = ref weights;
                for (var t = 0; t < terms; t++)
                {
                    sum = (element * weight) + sum;
                    element = ref Unsafe.Add(ref element, columns);
                    weight = ref Unsafe.Add(ref weight, weightStride);
                }

                Unsafe.Add(ref destination, j) = sum;
            }

            return;
        }

        var at = 0;
        for (; at <= columns - (4 * width); at += 4 * width)
        {
            var s0 = new Vector<float>(start);
            var s1 = s0;
            var s2 = s0;
            var s3 = s0;
            ref var row = ref Unsafe.Add(ref source, at);
            ref var weight = ref weights;
            for (var t = 0; t < terms; t++)
            {
                var c = new Vector<float>(weight);
                s0 = (Vector.LoadUnsafe(ref row) * c) + s0;
                s1 = (Vector.LoadUnsafe(ref row, (nuint)width) * c) + s1;
                s2 = (Vector.LoadUnsafe(ref row, (nuint)(2 * width)) * c) + s2;
                s3 = (Vector.LoadUnsafe(ref row, (nuint)(3 * width)) * c) + s3;
                row = ref Unsafe.Add(ref row, columns);
                weight = ref Unsafe.Add(ref weight, weightStride);
            }

            ref var target = ref Unsafe.Add(ref destination, at);
            s0.StoreUnsafe(ref target);
            s1.StoreUnsafe(ref target, (nuint)width);
            s2.StoreUnsafe(ref target, (nuint)(2 * width));
            s3.StoreUnsafe(ref target, (nuint)(3 * width));
        }

        for (; at < columns; at += width)
        {
            var last = Math.Min(at, columns - width);
            var sum = new Vector<float>(start);
            ref var row = ref Unsafe.Add(ref source, last);
            ref var weight = ref weights;
            for (var t = 0; t < terms; t++)
            {
                sum = (Vector.LoadUnsafe(ref row) * new Vector<float>(weight)) + sum;
                row = ref Unsafe.Add(ref row, columns);
                weight = ref Unsafe.Add(ref weight, weightStride);
            }

            sum.StoreUnsafe(ref destination, (nuint)last);
        }
    }

    /// <summary>Throws when a matrix's span is shorter than its shape needs (before anything is written).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckLength(ReadOnlySpan<float> values, int needed, string name)
    {
        if (values.Length < needed)
        {
            ThrowTooShort(values.Length, needed, name);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooShort(int length, int needed, string name) =>
        throw new ArgumentException($"The matrix needs {needed} values, got {length}.", name);

    /// <summary>Where the whole vectors of a row of <paramref name="columns"/> end (0 when vectors are not accelerated).</summary>
    internal static int VectorEnd(int columns) =>
        Vector.IsHardwareAccelerated ? columns - (columns % Vector<float>.Count) : 0;

    /// <summary>The term <c>x[j] y[j]</c>, rounded to float.</summary>
    private readonly struct Product : PartialSums.ITerm
    {
        public static float Of(float x, float y) => x * y;

        public static Vector<float> Of(Vector<float> x, Vector<float> y) => x * y;
    }

    /// <summary>The term <c>x[j]</c>.</summary>
    private readonly struct First : PartialSums.ITerm
    {
        public static float Of(float x, float y) => x;

        public static Vector<float> Of(Vector<float> x, Vector<float> y) => x;
    }
}
