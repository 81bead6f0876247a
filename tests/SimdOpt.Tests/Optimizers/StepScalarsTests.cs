using FsCheck.Fluent;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Optimizers;

public class StepScalarsTests
{
    [Theory]
    [InlineData(0.5, 0, 1.0)]
    [InlineData(0.5, 1, 0.5)]
    [InlineData(0.5, 10, 1.0 / 1024)]
    [InlineData(2.0, 1023, 8.98846567431158e307)]
    [InlineData(0.0, 5, 0.0)]
    [InlineData(-1.0, 7, -1.0)]
    public void Power_of_exact_cases(double x, long n, double expected) =>
        Assert.Equal(expected, StepScalars.Power(x, n));

    [Fact]
    public void Power_rejects_a_negative_exponent() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StepScalars.Power(0.9, -1));

    /// <summary>
    /// The documented order (square-and-multiply from the lowest bit, a multiply only for set bits) written
    /// plainly; the library's branch-free version must give the same bits for every beta and step.
    /// </summary>
    [Fact]
    public void Power_equals_plain_square_and_multiply() =>
        PropertySettings.Check(
            (from x in Gen.Choose(0, int.MaxValue).Select(i => i / (double)int.MaxValue)
             from n in Gen.OneOf(Gen.Choose(0, 64).Select(i => (long)i), Gen.Choose(0, int.MaxValue).Select(i => (long)i * 4099))
             select (x, n)).ToArbitrary(),
            c =>
            {
                var (x, n) = c;
                var expected = 1.0;
                var square = x;
                for (var rest = n; rest != 0; rest >>= 1)
                {
                    if ((rest & 1) != 0)
                    {
                        expected *= square;
                    }

                    square *= square;
                }

                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(StepScalars.Power(x, n)));
            });
}
