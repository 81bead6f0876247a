using FsCheck;
using FsCheck.Xunit;
using SimdOpt.Schedules;
using static SimdOpt.Tests.Schedules.ScheduleAssert;

namespace SimdOpt.Tests.Schedules;

public class CyclicSchedulesTests
{
    [Fact]
    public void Triangular_matches_hand_computed_values()
    {
        var s = new CyclicSchedule(1.0, 3.0, stepSizeUp: 2);
        double[] expected = [1, 2, 3, 2, 1, 2, 3, 2, 1];
        for (var c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c], s.At(c));
        }
    }

    [Fact]
    public void Triangular2_halves_every_cycle_and_uneven_steps_split_the_cycle()
    {
        var s = new CyclicSchedule(0.0, 4.0, stepSizeUp: 1, mode: CyclicMode.Triangular2);
        double[] expected = [0, 4, 0, 2, 0, 1, 0, 0.5];
        for (var c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c], s.At(c));
        }

        var uneven = new CyclicSchedule(0.0, 1.0, stepSizeUp: 1, stepSizeDown: 3);
        Assert.Equal([0.0, 1.0, 2.0 / 3.0, 1.0 / 3.0, 0.0, 1.0], [.. Enumerable.Range(0, 6).Select(c => uneven.At(c))]);
    }

    [Fact]
    public void ExpRange_scales_the_height_by_gamma_per_counter()
    {
        var s = new CyclicSchedule(0.0, 1.0, stepSizeUp: 1, mode: CyclicMode.ExpRange, gamma: 0.5);
        Assert.Equal(0.0, s.At(0));
        Assert.Equal(0.5, s.At(1));
        Assert.Equal(0.125, s.At(3));
        Assert.Equal(0.0, s.At(4));
    }

    [Property(MaxTest = 200)]
    public void Cyclic_stays_between_its_rates_for_every_counter(int baseSeed, int maxSeed, PositiveInt up, PositiveInt down, byte modeSeed, int gammaSeed)
    {
        var low = Rate(baseSeed);
        var high = Rate(maxSeed);
        var s = new CyclicSchedule(low, high, Count(up, 50), Count(down, 50), (CyclicMode)(modeSeed % 3), Factor(gammaSeed));
        foreach (var c in Counters(220).Append(long.MaxValue))
        {
            var rate = s.At(c);
            Assert.True(double.IsFinite(rate) && rate >= Math.Min(low, high) && rate <= Math.Max(low, high), $"lr({c}) = {rate:R}");
        }
    }

    [Fact]
    public void Periodic_cosine_falls_rises_and_repeats()
    {
        var s = new PeriodicCosineSchedule(1.0, 4, 0.0);
        Assert.Equal(1.0, s.At(0));
        Assert.Equal(0.5, s.At(2), 15);
        Assert.Equal(0.0, s.At(4));
        Assert.Equal(0.5, s.At(6), 15);
        Assert.Equal(1.0, s.At(8));
        Assert.Equal(new CosineAnnealingSchedule(1.0, 4).At(3), s.At(3));
        Assert.Equal(0.0, new CosineAnnealingSchedule(1.0, 4).At(8));
    }

    [Property(MaxTest = 100)]
    public void Periodic_cosine_is_bounded_and_has_period_twice_its_half_period(int maxSeed, int minShare, PositiveInt periodSeed)
    {
        var max = Rate(maxSeed);
        var min = max * (Factor(minShare) - 0.01);
        var period = Count(periodSeed, 100);
        var s = new PeriodicCosineSchedule(max, period, min);
        foreach (var c in Counters(3 * period))
        {
            var rate = s.At(c);
            Assert.True(rate >= min && rate <= max, $"lr({c}) = {rate:R}");
            Assert.Equal(rate, s.At(c + (2 * period)));
            Close(min + ((max - min) * (1 + Math.Cos(Math.PI * (c % (2 * period)) / period)) / 2), rate, max, $"closed form at {c}");
        }
    }

    [Fact]
    public void Constructors_name_the_parameter_out_of_range()
    {
        Assert.Equal("stepSizeUp", Assert.Throws<ArgumentOutOfRangeException>(() => new CyclicSchedule(0.1, 1, 0)).ParamName);
        Assert.Equal("stepSizeDown", Assert.Throws<ArgumentOutOfRangeException>(() => new CyclicSchedule(0.1, 1, 2, 0)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new CyclicSchedule(0.1, 1, 2, mode: CyclicMode.ExpRange, gamma: 1.5)).ParamName);
        Assert.Equal("maxLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new CyclicSchedule(0.1, double.NaN)).ParamName);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => new PeriodicCosineSchedule(1, PeriodicCosineSchedule.MaxPeriod + 1)).ParamName);
        Assert.Equal("minLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new PeriodicCosineSchedule(1, 3, 2)).ParamName);
    }
}
