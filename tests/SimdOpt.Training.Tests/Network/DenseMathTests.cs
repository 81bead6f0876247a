using SimdOpt.Training.Network;

namespace SimdOpt.Training.Tests.Network;

/// <summary>
/// DenseMath documents its order of float operations (unfused: every product rounded, then the sum); these
/// pin it against plain scalar loops, so a fused multiply-add anywhere, on any hardware path, fails them.
/// </summary>
public class DenseMathTests
{
    private static float[] Values(int length, int seed)
    {
        var random = new System.Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    [Theory]
    [InlineData(5, 2, 64)]
    [InlineData(2, 5, 44)]
    [InlineData(3, 7, 301)]
    public void Affine_is_the_unfused_scalar_order(int rows, int inner, int columns)
    {
        var w = Values(rows * inner, 1);
        var b = Values(rows, 2);
        var a = Values(inner * columns, 3);
        var z = new float[rows * columns];
        DenseMath.Affine(w, b, a, z, rows, inner, columns);
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                var expected = b[i];
                for (var k = 0; k < inner; k++)
                {
                    expected = (a[(k * columns) + j] * w[(i * inner) + k]) + expected;
                }

                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(z[(i * columns) + j]));
            }
        }
    }

    [Theory]
    [InlineData(5, 2, 64)]
    [InlineData(3, 7, 301)]
    public void Input_gradient_is_the_unfused_scalar_order(int rows, int inner, int columns)
    {
        var w = Values(rows * inner, 4);
        var dz = Values(rows * columns, 5);
        var da = new float[inner * columns];
        DenseMath.InputGradient(w, dz, da, rows, inner, columns);
        for (var k = 0; k < inner; k++)
        {
            for (var j = 0; j < columns; j++)
            {
                var expected = 0f;
                for (var i = 0; i < rows; i++)
                {
                    expected = (dz[(i * columns) + j] * w[(i * inner) + k]) + expected;
                }

                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(da[(k * columns) + j]));
            }
        }
    }
}
