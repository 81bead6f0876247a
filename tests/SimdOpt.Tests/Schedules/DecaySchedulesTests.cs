using FsCheck;
using FsCheck.Xunit;
using SimdOpt.Schedules;
using static SimdOpt.Tests.Schedules.ScheduleAssert;

namespace SimdOpt.Tests.Schedules;

public class DecaySchedulesTests
{
    [Fact]
    public void Exponential_decay_matches_hand_computed_values()
    {
        var s = new ExponentialDecaySchedule(0.1, 0.95);
        Assert.Equal(0.1, s.At(0));
        Assert.Equal(0.1 * 0.95, s.At(1));
        Assert.Equal(0.1 * (0.95 * 0.95), s.At(2));
        var stairs = new ExponentialDecaySchedule(0.1, 0.5, staircaseInterval: 10);
        Assert.Equal(0.1, stairs.At(9));
        Assert.Equal(0.05, stairs.At(10));
        Assert.Equal(0.05, stairs.At(19));
        Assert.Equal(0.025, stairs.At(20));
    }

    [Property(MaxTest = 100)]
    public void Exponential_decay_is_its_closed_form(int lrSeed, int rateSeed, PositiveInt intervalSeed)
    {
        var lr0 = Rate(lrSeed);
        var rate = Factor(rateSeed);
        var interval = Count(intervalSeed, 50);
        var s = new ExponentialDecaySchedule(lr0, rate, interval);
        foreach (var c in Counters(300))
        {
            Close(lr0 * Math.Pow(rate, Math.Floor((double)c / interval)), s.At(c), $"exp({lr0}, {rate}, {interval}) at {c}");
        }

        NonIncreasing(s.At, 0, 300, "exponential");
    }

    [Fact]
    public void Inverse_time_decay_matches_hand_computed_values()
    {
        var s = new InverseTimeDecaySchedule(1.0, 0.5);
        Assert.Equal(1.0, s.At(0));
        Assert.Equal(1.0 / 1.5, s.At(1));
        Assert.Equal(0.5, s.At(2));
        var stairs = new InverseTimeDecaySchedule(1.0, 1.0, staircaseInterval: 3);
        Assert.Equal(1.0, stairs.At(2));
        Assert.Equal(0.5, stairs.At(3));
        Assert.Equal(0.5, stairs.At(5));
        Assert.Equal(1.0 / 3.0, stairs.At(6));
    }

    [Property(MaxTest = 100)]
    public void Inverse_time_decay_is_its_closed_form(int lrSeed, int decaySeed, PositiveInt intervalSeed)
    {
        var lr0 = Rate(lrSeed);
        var decay = Rate(decaySeed);
        var interval = Count(intervalSeed, 50);
        var s = new InverseTimeDecaySchedule(lr0, decay, interval);
        foreach (var c in Counters(300))
        {
            Close(lr0 / (1 + (decay * Math.Floor((double)c / interval))), s.At(c), $"inverse time at {c}");
        }

        NonIncreasing(s.At, 0, 300, "inverse time");
    }

    [Fact]
    public void Inverse_sqrt_is_defined_at_zero_as_at_one()
    {
        var s = new InverseSqrtSchedule(0.5, 2.0);
        Assert.Equal(1.0, s.At(0));
        Assert.Equal(1.0, s.At(1));
        Assert.Equal(0.5, s.At(4));
        Assert.Equal(0.1, s.At(100), 15);
    }

    [Property(MaxTest = 100)]
    public void Inverse_sqrt_is_its_closed_form(int lrSeed, int kSeed)
    {
        var lr0 = Rate(lrSeed);
        var k = Rate(kSeed);
        var s = new InverseSqrtSchedule(lr0, k);
        foreach (var c in Counters(300))
        {
            var expected = c == 0 ? lr0 * k : lr0 * (k / Math.Sqrt(c));
            Close(expected, s.At(c), $"inverse sqrt at {c}");
        }

        NonIncreasing(s.At, 0, 300, "inverse sqrt");
    }

    [Fact]
    public void Step_and_multi_step_match_hand_computed_values()
    {
        var step = new StepSchedule(1.0, 30, 0.1);
        Assert.Equal(1.0, step.At(29));
        Assert.Equal(0.1, step.At(30));
        Assert.Equal(0.1 * 0.1, step.At(60));
        var multi = new MultiStepSchedule(1.0, [30, 80], 0.5);
        Assert.Equal(1.0, multi.At(0));
        Assert.Equal(1.0, multi.At(29));
        Assert.Equal(0.5, multi.At(30));
        Assert.Equal(0.5, multi.At(79));
        Assert.Equal(0.25, multi.At(80));
        Assert.Equal(0.25, multi.At(long.MaxValue));
    }

    [Property(MaxTest = 100)]
    public void Step_is_its_closed_form(int lrSeed, int gammaSeed, PositiveInt stepSeed)
    {
        var lr0 = Rate(lrSeed);
        var gamma = Factor(gammaSeed);
        var stepSize = Count(stepSeed, 40);
        var s = new StepSchedule(lr0, stepSize, gamma);
        foreach (var c in Counters(300))
        {
            Close(lr0 * Math.Pow(gamma, c / stepSize), s.At(c), $"step at {c}");
        }

        NonIncreasing(s.At, 0, 300, "step");
    }

    [Property(MaxTest = 100)]
    public void Multi_step_is_its_closed_form(int lrSeed, int gammaSeed, PositiveInt[] gaps)
    {
        var lr0 = Rate(lrSeed);
        var gamma = Factor(gammaSeed);
        var milestones = new List<long>();
        long at = 0;
        foreach (var gap in gaps.Length == 0 ? [PositiveInt.NewPositiveInt(7)] : gaps)
        {
            at += Count(gap, 30);
            milestones.Add(at);
        }

        var s = new MultiStepSchedule(lr0, milestones, gamma);
        foreach (var c in Counters(at + 20))
        {
            var passed = milestones.Count(m => m <= c);
            Close(lr0 * Math.Pow(gamma, passed), s.At(c), $"multi-step at {c}");
        }

        NonIncreasing(s.At, 0, at + 20, "multi-step");
    }

    [Fact]
    public void Constant_and_piecewise_constant()
    {
        var constant = new ConstantSchedule(0.3);
        Assert.Equal(0.3, constant.At(0));
        Assert.Equal(0.3, constant.At(long.MaxValue));
        var sw = PiecewiseConstantSchedule.Switch(0.1, 5, 0.01);
        Assert.Equal(0.1, sw.At(4));
        Assert.Equal(0.01, sw.At(5));
        var pieces = new PiecewiseConstantSchedule([2, 4, 6], [1.0, 2.0, 3.0, 4.0]);
        double[] expected = [1, 1, 2, 2, 3, 3, 4, 4];
        for (var c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c], pieces.At(c));
        }
    }

    [Property(MaxTest = 100)]
    public void Piecewise_constant_is_its_closed_form(int[] valueSeeds, PositiveInt[] gaps)
    {
        var n = Math.Min(valueSeeds.Length, gaps.Length);
        var boundaries = new long[n];
        var values = new double[n + 1];
        long at = 0;
        values[0] = 0.5;
        for (var i = 0; i < n; i++)
        {
            at += Count(gaps[i], 20);
            boundaries[i] = at;
            values[i + 1] = Rate(valueSeeds[i]);
        }

        if (n == 0)
        {
            Assert.Throws<ArgumentException>(() => new PiecewiseConstantSchedule(boundaries, values));
            return;
        }

        var s = new PiecewiseConstantSchedule(boundaries, values);
        foreach (var c in Counters(at + 5))
        {
            var i = 0;
            while (i < n && boundaries[i] <= c)
            {
                i++;
            }

            Assert.Equal(values[i], s.At(c));
        }
    }
}
