using SimdOpt.Training.Network;

namespace SimdOpt.Training.Tests.Network;

/// <summary>
/// DenseMath documents its order of float operations (unfused: every product rounded, then the sum; sums over
/// examples in 16 partials combined by a fixed tree); these pin it against plain scalar loops written here, so a
/// fused multiply-add, a different partial or a different tree, on any hardware path, fails them.
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

    [Theory]
    [InlineData(5, 2, 64)]
    [InlineData(2, 5, 44)]
    [InlineData(1, 2, 15)]
    [InlineData(3, 7, 301)]
    public void Parameter_gradients_are_sixteen_partials_combined_by_the_pairwise_tree(int rows, int inner, int columns)
    {
        var dz = Values(rows * columns, 6);
        var a = Values(inner * columns, 7);
        var dw = new float[rows * inner];
        var db = new float[rows];
        DenseMath.ParameterGradients(dz, a, dw, db, rows, inner, columns);
        for (var i = 0; i < rows; i++)
        {
            for (var k = 0; k < inner; k++)
            {
                var expected = TreeSum(columns, j => dz[(i * columns) + j] * a[(k * columns) + j]);
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(dw[(i * inner) + k]));
            }

            var expectedBias = TreeSum(columns, j => dz[(i * columns) + j]);
            Assert.Equal(BitConverter.SingleToInt32Bits(expectedBias), BitConverter.SingleToInt32Bits(db[i]));
        }
    }

    [Fact]
    public void Partial_sums_of_every_length_match_the_definition()
    {
        for (var length = 0; length <= 70; length++)
        {
            var x = Values(length, 100 + length);
            var y = Values(length, 200 + length);
            var expected = TreeSum(length, j => x[j] * y[j]);
            var vector = PartialSums.Of<ProductTerm>(x, y);
            var scalar = PartialSums.Scalar<ProductTerm>(x, y);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(vector));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(scalar));
        }
    }

    [Fact]
    public void A_sequential_sum_would_give_other_bits()
    {
        // The documented order matters: summing 64 products left to right differs from the tree for these values.
        var x = Values(64, 8);
        var y = Values(64, 9);
        var sequential = 0f;
        for (var j = 0; j < 64; j++)
        {
            sequential += x[j] * y[j];
        }

        Assert.NotEqual(BitConverter.SingleToInt32Bits(sequential), BitConverter.SingleToInt32Bits(PartialSums.Of<ProductTerm>(x, y)));
    }

    private static float TreeSum(int length, Func<int, float> term)
    {
        var partials = new float[16];
        for (var j = 0; j < length; j++)
        {
            partials[j % 16] += term(j);
        }

        for (var width = 8; width >= 1; width /= 2)
        {
            for (var k = 0; k < width; k++)
            {
                partials[k] += partials[k + width];
            }
        }

        return partials[0];
    }

    private readonly struct ProductTerm : PartialSums.ITerm
    {
        public static float Of(float x, float y) => x * y;

        public static System.Numerics.Vector<float> Of(System.Numerics.Vector<float> x, System.Numerics.Vector<float> y) => x * y;
    }
}
