using System.Numerics.Tensors;

namespace SimdOpt.Training.Network;

/// <summary>
/// The matrix operations of a dense layer on row-major matrices whose columns are examples. Element-wise
/// loops use <see cref="TensorPrimitives"/> (unfused multiply-add, so every hardware path gives the same bits);
/// reductions over examples run in a fixed scalar order for the same reason.
/// </summary>
internal static class DenseMath
{
    /// <summary><c>z = w a + b</c>: w is (rows, inner), a is (inner, columns), b is (rows, 1), z is (rows, columns).</summary>
    public static void Affine(ReadOnlySpan<float> w, ReadOnlySpan<float> b, ReadOnlySpan<float> a, Span<float> z, int rows, int inner, int columns)
    {
        for (var i = 0; i < rows; i++)
        {
            var zRow = z.Slice(i * columns, columns);
            zRow.Fill(b[i]);
            for (var k = 0; k < inner; k++)
            {
                TensorPrimitives.MultiplyAdd(a.Slice(k * columns, columns), w[(i * inner) + k], zRow, zRow);
            }
        }
    }

    /// <summary><c>dw = dz aᵀ</c> and <c>db = row sums of dz</c>: dz is (rows, columns), a is (inner, columns).</summary>
    public static void ParameterGradients(ReadOnlySpan<float> dz, ReadOnlySpan<float> a, Span<float> dw, Span<float> db, int rows, int inner, int columns)
    {
        for (var i = 0; i < rows; i++)
        {
            var dzRow = dz.Slice(i * columns, columns);
            for (var k = 0; k < inner; k++)
            {
                dw[(i * inner) + k] = Dot(dzRow, a.Slice(k * columns, columns));
            }

            var sum = 0f;
            foreach (var value in dzRow)
            {
                sum += value;
            }

            db[i] = sum;
        }
    }

    /// <summary><c>da = wᵀ dz</c>: w is (rows, inner), dz is (rows, columns), da is (inner, columns).</summary>
    public static void InputGradient(ReadOnlySpan<float> w, ReadOnlySpan<float> dz, Span<float> da, int rows, int inner, int columns)
    {
        da[..(inner * columns)].Clear();
        for (var k = 0; k < inner; k++)
        {
            var daRow = da.Slice(k * columns, columns);
            for (var i = 0; i < rows; i++)
            {
                TensorPrimitives.MultiplyAdd(dz.Slice(i * columns, columns), w[(i * inner) + k], daRow, daRow);
            }
        }
    }

    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var sum = 0f;
        for (var j = 0; j < x.Length; j++)
        {
            sum += x[j] * y[j];
        }

        return sum;
    }
}
