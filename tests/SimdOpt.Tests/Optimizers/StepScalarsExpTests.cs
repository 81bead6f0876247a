using SimdOpt.Optimizers;

namespace SimdOpt.Tests.Optimizers;

/// <summary><see cref="StepScalars.Exp"/>: close to <see cref="Math.Exp(double)"/> everywhere, exact at 0, and its edges.</summary>
public class StepScalarsExpTests
{
    [Fact]
    public void Exp_is_within_two_ulps_of_the_platform_exp()
    {
        var random = new Random(10);
        for (var i = 0; i < 100_000; i++)
        {
            var x = (random.NextDouble() * 1400) - 700;
            if (i % 2 == 0)
            {
                x /= 1000; // the NAdam range: t * psi * ln 0.96 is small for common psi
            }

            var ours = StepScalars.Exp(x);
            var platform = Math.Exp(x);
            Assert.True(Math.Abs(BitConverter.DoubleToInt64Bits(ours) - BitConverter.DoubleToInt64Bits(platform)) <= 2, $"x={x:R}: {ours:R} vs {platform:R}");
        }
    }

    [Fact]
    public void Exp_edges()
    {
        Assert.Equal(1.0, StepScalars.Exp(0));
        Assert.Equal(1.0, StepScalars.Exp(-0.0));
        Assert.Equal(double.PositiveInfinity, StepScalars.Exp(710));
        Assert.Equal(0.0, StepScalars.Exp(-746));
        Assert.Equal(0.0, StepScalars.Exp(double.NegativeInfinity));
        Assert.True(double.IsNaN(StepScalars.Exp(double.NaN)));
        Assert.True(StepScalars.Exp(-740) > 0); // subnormal results are kept
    }

    [Fact]
    public void Ln_of_0_96_is_the_rounded_logarithm() =>
        Assert.Equal(NAdamMomentum.LnOf096, Math.Log(0.96));
}
