using FsCheck.Fluent;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Optimizers;

public class PowerSeriesTests
{
    /// <summary>
    /// The optimizers' cached powers, alone and in pairs, must be <see cref="StepScalars.Power"/> bit for bit: for every base
    /// (betas, and values past 1 and below 0 whose powers overflow or change sign) and every step count up to the largest.
    /// </summary>
    [Fact]
    public void Power_and_bias_correction_have_the_bits_of_StepScalars() =>
        PropertySettings.Check(
            (from x in Gen.OneOf(
                 Gen.Choose(0, int.MaxValue).Select(i => i / (double)int.MaxValue),
                 Gen.Choose(-int.MaxValue, int.MaxValue).Select(i => i / 1e8),
                 Gen.Elements(0.0, 0.9, 0.999, 0.99999999, 1.0, -1.0, 2.0))
             from n in Gen.OneOf(
                 Gen.Choose(0, 64).Select(i => (long)i),
                 Gen.Choose(0, int.MaxValue).Select(i => (long)i * 4099),
                 Gen.Choose(0, int.MaxValue).Select(i => SimdOpt.Optimizers.Optimizer.MaxStepCount - i))
             select (x, n)).ToArbitrary(),
            c =>
            {
                var (x, n) = c;
                var series = new PowerSeries(x);
                Assert.Equal(BitConverter.DoubleToInt64Bits(StepScalars.Power(x, n)), BitConverter.DoubleToInt64Bits(series.Power(n)));
                Assert.Equal(BitConverter.DoubleToInt64Bits(StepScalars.BiasCorrection(x, n)), BitConverter.DoubleToInt64Bits(series.BiasCorrection(n)));
                var other = 1.0 - (x / 3);
                var (power, otherPower) = series.Powers(new PowerSeries(other), n);
                Assert.Equal(BitConverter.DoubleToInt64Bits(StepScalars.Power(x, n)), BitConverter.DoubleToInt64Bits(power));
                Assert.Equal(BitConverter.DoubleToInt64Bits(StepScalars.Power(other, n)), BitConverter.DoubleToInt64Bits(otherPower));
            });

    [Fact]
    public void Power_rejects_a_negative_exponent()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PowerSeries(0.9).Power(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PowerSeries(0.9).Powers(new PowerSeries(0.999), -1));
    }
}
