using SimdOpt.Training.Network;

namespace SimdOpt.Training.Tests.Network;

/// <summary>
/// DenseMath documents its order of float operations (unfused: every product rounded, then the sum; sums over
/// examples in 16 partials combined by a fixed tree); these pin it against plain scalar loops written here, so a
/// fused multiply-add, a different partial or a different tree, on any hardware path, fails them.
/// </summary>
public class DenseMathTests
{
    private const int Guard = 16;

    private const float OutputGuard = 1234.5f;

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

    /// <summary>
    /// <paramref name="length"/> values at <paramref name="start"/> with 16 guards on each side, so a kernel that reads
    /// or writes outside its span is seen: an input (seed above 0, values random in [-1, 1)) has NaN guards, which
    /// would turn any sum that read them into NaN; an output (seed 0, values 0) has <see cref="OutputGuard"/> guards.
    /// </summary>
    private static float[] Guarded(int length, int seed, out int start)
    {
        var values = new float[length + (2 * Guard)];
        if (seed == 0)
        {
            values.AsSpan().Fill(OutputGuard);
            values.AsSpan(Guard, length).Clear();
        }
        else
        {
            values.AsSpan().Fill(float.NaN);
            Values(length, seed).CopyTo(values, Guard);
        }

        start = Guard;
        return values;
    }

    /// <summary>The (rows, inner) shapes of the layers checked: every pair from 1 to 6.</summary>
    private static IEnumerable<(int Rows, int Inner)> Shapes()
    {
        for (var rows = 1; rows <= 6; rows++)
        {
            for (var inner = 1; inner <= 6; inner++)
            {
                yield return (rows, inner);
            }
        }
    }

    private static void AssertBits(float expected, float actual, string what) =>
        Assert.True(
            BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
            $"{what}: expected {expected:R} (0x{BitConverter.SingleToInt32Bits(expected):X8}), got {actual:R} (0x{BitConverter.SingleToInt32Bits(actual):X8})");

    private static void AssertGuardsKept(float[] output, int start, int length)
    {
        for (var i = 0; i < output.Length; i++)
        {
            if (i < start || i >= start + length)
            {
                AssertBits(OutputGuard, output[i], $"the guard at {i - start} of an output of {length}");
            }
        }
    }

    /// <summary>
    /// Row lengths (examples) around every vector width and partial-sum block: below one vector of 4, 8 or 16,
    /// every tail of a 16-term block, the course's 64 and 44, and a long odd row.
    /// </summary>
    public static TheoryData<int> Columns => new() { 1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 20, 23, 24, 31, 32, 33, 44, 47, 64, 301 };

    [Theory]
    [MemberData(nameof(Columns))]
    public void Affine_is_the_unfused_scalar_order(int columns)
    {
        foreach (var (rows, inner) in Shapes())
        {
            var w = Guarded(rows * inner, 1, out var wAt);
            var b = Guarded(rows, 2, out var bAt);
            var a = Guarded(inner * columns, 3, out var aAt);
            var z = Guarded(rows * columns, 0, out var zAt);
            DenseMath.Affine(w.AsSpan(wAt, rows * inner), b.AsSpan(bAt, rows), a.AsSpan(aAt, inner * columns), z.AsSpan(zAt, rows * columns), rows, inner, columns);
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < columns; j++)
                {
                    var expected = b[bAt + i];
                    for (var k = 0; k < inner; k++)
                    {
                        expected = (a[aAt + (k * columns) + j] * w[wAt + (i * inner) + k]) + expected;
                    }

                    AssertBits(expected, z[zAt + (i * columns) + j], $"z[{i}, {j}] of ({rows}x{inner}) x ({inner}x{columns})");
                }
            }

            AssertGuardsKept(z, zAt, rows * columns);
        }
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public void Input_gradient_is_the_unfused_scalar_order(int columns)
    {
        foreach (var (rows, inner) in Shapes())
        {
            var w = Guarded(rows * inner, 4, out var wAt);
            var dz = Guarded(rows * columns, 5, out var dzAt);
            var da = Guarded(inner * columns, 0, out var daAt);
            DenseMath.InputGradient(w.AsSpan(wAt, rows * inner), dz.AsSpan(dzAt, rows * columns), da.AsSpan(daAt, inner * columns), rows, inner, columns);
            for (var k = 0; k < inner; k++)
            {
                for (var j = 0; j < columns; j++)
                {
                    var expected = 0f;
                    for (var i = 0; i < rows; i++)
                    {
                        expected = (dz[dzAt + (i * columns) + j] * w[wAt + (i * inner) + k]) + expected;
                    }

                    AssertBits(expected, da[daAt + (k * columns) + j], $"da[{k}, {j}] of ({rows}x{inner})T x ({rows}x{columns})");
                }
            }

            AssertGuardsKept(da, daAt, inner * columns);
        }
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public void Parameter_gradients_are_sixteen_partials_combined_by_the_pairwise_tree(int columns)
    {
        foreach (var (rows, inner) in Shapes())
        {
            var dz = Guarded(rows * columns, 6, out var dzAt);
            var a = Guarded(inner * columns, 7, out var aAt);
            var dw = Guarded(rows * inner, 0, out var dwAt);
            var db = Guarded(rows, 0, out var dbAt);
            DenseMath.ParameterGradients(dz.AsSpan(dzAt, rows * columns), a.AsSpan(aAt, inner * columns), dw.AsSpan(dwAt, rows * inner), db.AsSpan(dbAt, rows), rows, inner, columns);
            for (var i = 0; i < rows; i++)
            {
                for (var k = 0; k < inner; k++)
                {
                    var expected = TreeSum(columns, j => dz[dzAt + (i * columns) + j] * a[aAt + (k * columns) + j]);
                    AssertBits(expected, dw[dwAt + (i * inner) + k], $"dw[{i}, {k}] of ({rows}x{columns}) x ({inner}x{columns})T");
                }

                var expectedBias = TreeSum(columns, j => dz[dzAt + (i * columns) + j]);
                AssertBits(expectedBias, db[dbAt + i], $"db[{i}] of ({rows}x{columns})");
            }

            AssertGuardsKept(dw, dwAt, rows * inner);
            AssertGuardsKept(db, dbAt, rows);
        }
    }

    [Fact]
    public void Partial_sums_of_every_length_match_the_definition()
    {
        // NaN guards on both sides of the operands: a term read from outside them would make the sum NaN.
        for (var length = 0; length <= 70; length++)
        {
            var x = Guarded(length, 100 + length, out var xAt);
            var y = Guarded(length, 200 + length, out var yAt);
            var expected = TreeSum(length, j => x[xAt + j] * y[yAt + j]);
            var vector = PartialSums.Of<ProductTerm>(x.AsSpan(xAt, length), y.AsSpan(yAt, length));
            var scalar = PartialSums.Scalar<ProductTerm>(x.AsSpan(xAt, length), y.AsSpan(yAt, length));
            AssertBits(expected, vector, $"vector sum of {length}");
            AssertBits(expected, scalar, $"scalar sum of {length}");

            // The two-sum pass: the second sum (x[j] alone) must come out as its own sum would.
            PartialSums.Of<ProductTerm, FirstTerm>(x.AsSpan(xAt, length), y.AsSpan(yAt, length), y.AsSpan(yAt, length), out var product, out var first);
            AssertBits(expected, product, $"first of two sums of {length}");
            AssertBits(TreeSum(length, j => x[xAt + j]), first, $"second of two sums of {length}");
        }
    }

    [Fact]
    public void A_matrix_shorter_than_its_shape_throws_before_anything_is_written()
    {
        var w = Values(10, 1);
        var a = Values(2 * 64, 2);
        var z = Guarded((5 * 64) - 1, 0, out var zAt);
        var b = Values(5, 3);
        Assert.Throws<ArgumentException>(() => DenseMath.Affine(w, b, a, z.AsSpan(zAt, (5 * 64) - 1), 5, 2, 64));
        Assert.Throws<ArgumentException>(() => DenseMath.InputGradient(w, Values((5 * 64) - 1, 4), new float[2 * 64], 5, 2, 64));
        for (var i = zAt; i < zAt + (5 * 64) - 1; i++)
        {
            AssertBits(0f, z[i], $"z[{i - zAt}] after the throw");
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

    private readonly struct FirstTerm : PartialSums.ITerm
    {
        public static float Of(float x, float y) => x;

        public static System.Numerics.Vector<float> Of(System.Numerics.Vector<float> x, System.Numerics.Vector<float> y) => x;
    }
}
