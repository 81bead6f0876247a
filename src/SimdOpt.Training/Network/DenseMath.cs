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
    /// </summary>
    public static void Affine(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> a, Span<float> z, int rows, int inner, int columns)
    {
        ref var aOrigin = ref MemoryMarshal.GetReference(a);
        ref var zOrigin = ref MemoryMarshal.GetReference(z);
        var vectorEnd = VectorEnd(columns);
        for (var i = 0; i < rows; i++)
        {
            var weights = w.Slice(i * inner, inner);
            ref var zRow = ref Unsafe.Add(ref zOrigin, i * columns);
            var j = 0;
            for (; j < vectorEnd; j += Vector<float>.Count)
            {
                var sum = new Vector<float>(b[i]);
                for (var k = 0; k < inner; k++)
                {
                    sum = (Vector.LoadUnsafe(ref aOrigin, (nuint)((k * columns) + j)) * new Vector<float>(weights[k])) + sum;
                }

                sum.StoreUnsafe(ref zRow, (nuint)j);
            }

            for (; j < columns; j++)
            {
                var sum = b[i];
                for (var k = 0; k < inner; k++)
                {
                    sum = (Unsafe.Add(ref aOrigin, (k * columns) + j) * weights[k]) + sum;
                }

                Unsafe.Add(ref zRow, j) = sum;
            }
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
            for (var k = 0; k < inner; k++)
            {
                dw[(i * inner) + k] = PartialSums.Of<Product>(dzRow, a.Slice(k * columns, columns));
            }

            db[i] = PartialSums.Of<First>(dzRow, dzRow);
        }
    }

    /// <summary>
    /// <c>da = wᵀ dz</c>: w is (rows, inner), dz is (rows, columns), da is (inner, columns);
    /// <c>da[k, j] = (…((+0 + dz[0, j] w[0, k]) + dz[1, j] w[1, k]) …) + dz[rows-1, j] w[rows-1, k]</c>.
    /// </summary>
    public static void InputGradient(ReadOnlySpan<float> w, ReadOnlySpan<float> dz, Span<float> da, int rows, int inner, int columns)
    {
        ref var dzOrigin = ref MemoryMarshal.GetReference(dz);
        ref var daOrigin = ref MemoryMarshal.GetReference(da);
        var vectorEnd = VectorEnd(columns);
        for (var k = 0; k < inner; k++)
        {
            ref var daRow = ref Unsafe.Add(ref daOrigin, k * columns);
            var j = 0;
            for (; j < vectorEnd; j += Vector<float>.Count)
            {
                var sum = Vector<float>.Zero;
                for (var i = 0; i < rows; i++)
                {
                    sum = (Vector.LoadUnsafe(ref dzOrigin, (nuint)((i * columns) + j)) * new Vector<float>(w[(i * inner) + k])) + sum;
                }

                sum.StoreUnsafe(ref daRow, (nuint)j);
            }

            for (; j < columns; j++)
            {
                var sum = 0f;
                for (var i = 0; i < rows; i++)
                {
                    sum = (Unsafe.Add(ref dzOrigin, (i * columns) + j) * w[(i * inner) + k]) + sum;
                }

                Unsafe.Add(ref daRow, j) = sum;
            }
        }
    }

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
