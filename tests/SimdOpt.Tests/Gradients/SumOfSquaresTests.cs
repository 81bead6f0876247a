using FsCheck;
using FsCheck.Xunit;
using SimdOpt.Gradients;
using SimdOpt.Kernels;
using Xunit.Abstractions;

namespace SimdOpt.Tests.Gradients;

public class SumOfSquaresTests(ITestOutputHelper output)
{
    private static readonly LaneWidth[] Paths = Enum.GetValues<LaneWidth>();

    [Fact]
    public void Reports_the_active_hardware_path()
    {
        output.WriteLine($"Reduction path in use: {LaneSelection.Widest}");
        Assert.Equal(LaneSelection.Native, LaneSelection.Widest);
    }

    [Fact]
    public void Every_path_equals_the_documented_order_bit_for_bit_for_lengths_0_to_300()
    {
        for (var length = 0; length <= 300; length++)
        {
            var values = NormReference.Values(length, length);
            var expected = NormReference.SumOfSquaresInOrder(values);
            foreach (var path in Paths)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(SumOfSquares.Compute(values, path)));
            }

            Assert.Equal(expected, GradientClipping.SumOfSquares(values));
            Assert.Equal(Math.Sqrt(expected), GradientClipping.GlobalNorm(values));
        }
    }

    [Theory]
    [InlineData(1_000_003)]
    [InlineData(65_537)]
    [InlineData(4_099)]
    [InlineData(1 << 20)]
    public void Every_path_equals_the_documented_order_for_large_odd_sizes(int length)
    {
        var values = NormReference.Values(length, 7);
        var expected = NormReference.SumOfSquaresInOrder(values);
        foreach (var path in Paths)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(SumOfSquares.Compute(values, path)));
        }
    }

    [Property(MaxTest = 200)]
    public void Unaligned_slices_give_the_same_bits_on_every_path(NonNegativeInt offsetSeed, NonNegativeInt lengthSeed, int seed)
    {
        var offset = offsetSeed.Get % 17;
        var length = lengthSeed.Get % 400;
        var backing = NormReference.Values(offset + length + 3, seed);
        var slice = backing.AsSpan(offset, length);
        var expected = NormReference.SumOfSquaresInOrder(slice);
        foreach (var path in Paths)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(SumOfSquares.Compute(slice, path)));
        }
    }

    [Property(MaxTest = 200)]
    public void Agrees_with_a_naive_double_sum_within_the_stated_tolerance(NonNegativeInt lengthSeed, int seed)
    {
        // Both sums add non-negative terms; each is within (terms added in one chain) * 2^-53 of the exact sum in
        // relative terms, so they agree within (n + n / 16 + 8) * 2^-53 relative.
        var length = lengthSeed.Get % 5000;
        var values = NormReference.Values(length, seed);
        var naive = NormReference.NaiveSumOfSquares(values);
        var ordered = GradientClipping.SumOfSquares(values);
        var tolerance = (length + (length / 16.0) + 8) * Math.Pow(2, -53) * naive;
        Assert.True(Math.Abs(naive - ordered) <= tolerance, $"n = {length}: naive {naive:R}, ordered {ordered:R}");
    }

    [Fact]
    public void Huge_values_do_not_overflow_and_non_finite_values_give_a_non_finite_sum()
    {
        var huge = new float[1000];
        Array.Fill(huge, float.MaxValue);
        Assert.True(double.IsFinite(GradientClipping.SumOfSquares(huge)));
        huge[999] = float.NaN;
        Assert.True(double.IsNaN(GradientClipping.SumOfSquares(huge)));
        huge[999] = float.NegativeInfinity;
        Assert.True(double.IsPositiveInfinity(GradientClipping.SumOfSquares(huge)));
    }
}
