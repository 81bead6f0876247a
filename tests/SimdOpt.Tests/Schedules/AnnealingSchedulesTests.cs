using FsCheck;
using FsCheck.Xunit;
using SimdOpt.Schedules;
using static SimdOpt.Tests.Schedules.ScheduleAssert;

namespace SimdOpt.Tests.Schedules;

public class AnnealingSchedulesTests
{
    [Fact]
    public void Linear_warm_up_matches_hand_computed_values()
    {
        var s = new LinearSchedule(0.0, 1.0, 4);
        Assert.Equal(0.0, s.At(0));
        Assert.Equal(0.25, s.At(1));
        Assert.Equal(0.5, s.At(2));
        Assert.Equal(0.75, s.At(3));
        Assert.Equal(1.0, s.At(4));
        Assert.Equal(1.0, s.At(1000));
    }

    [Property(MaxTest = 100)]
    public void Linear_is_its_closed_form_and_monotone(int startSeed, int endSeed, PositiveInt countSeed)
    {
        var start = Rate(startSeed);
        var end = Rate(endSeed);
        var n = Count(countSeed, 200);
        var s = new LinearSchedule(start, end, n);
        foreach (var c in Counters(n + 10))
        {
            var expected = c >= n ? end : (start * (1 - ((double)c / n))) + (end * c / n);
            Close(expected, s.At(c), $"linear at {c}");
        }

        if (start <= end)
        {
            NonDecreasing(s.At, 0, n + 10, "linear up");
        }
        else
        {
            NonIncreasing(s.At, 0, n + 10, "linear down");
        }
    }

    [Fact]
    public void Cosine_annealing_matches_hand_computed_values()
    {
        var s = new CosineAnnealingSchedule(1.0, 4, 0.0);
        Assert.Equal(1.0, s.At(0));
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI / 4)), s.At(1), 15);
        Assert.Equal(0.5, s.At(2), 15);
        Assert.Equal(0.0, s.At(4));
        Assert.Equal(0.0, s.At(5));
    }

    [Property(MaxTest = 100)]
    public void Cosine_annealing_is_its_closed_form_and_non_increasing(int maxSeed, int minShare, PositiveInt periodSeed)
    {
        var max = Rate(maxSeed);
        var min = max * (Factor(minShare) - 0.01);
        var period = Count(periodSeed, 300);
        var s = new CosineAnnealingSchedule(max, period, min);
        foreach (var c in Counters(period + 10))
        {
            // PyTorch's closed form: eta_min + 1/2 (eta_max - eta_min)(1 + cos(pi T_cur / T_max)), clamped after T_max.
            var expected = c >= period ? min : min + (0.5 * (max - min) * (1 + Math.Cos(c * Math.PI / period)));
            Close(expected, s.At(c), max, $"cosine at {c}");
        }

        NonIncreasing(s.At, 0, period + 10, "cosine");
        Assert.Equal(max, s.At(0));
        Assert.Equal(min, s.At(period));
    }

    [Fact]
    public void Warm_restarts_match_pytorch_cycle_lengths()
    {
        // T_0 = 2, T_mult = 2: cycles [0, 2), [2, 6), [6, 14), [14, 30).
        var s = new CosineWarmRestartsSchedule(1.0, 2, 2, 0.0);
        Assert.Equal((0L, 2L), s.CycleAt(0));
        Assert.Equal((1L, 2L), s.CycleAt(1));
        Assert.Equal((0L, 4L), s.CycleAt(2));
        Assert.Equal((3L, 4L), s.CycleAt(5));
        Assert.Equal((0L, 8L), s.CycleAt(6));
        Assert.Equal((0L, 16L), s.CycleAt(14));
        Assert.Equal(1.0, s.At(6));
        Assert.Equal(0.5, s.At(1), 15);
        Assert.Equal(0.5, s.At(10), 15);
        var flat = new CosineWarmRestartsSchedule(1.0, 10);
        Assert.Equal((3L, 10L), flat.CycleAt(123));
        var far = new CosineWarmRestartsSchedule(1.0, 3, 3, 0.25).At(long.MaxValue);
        Assert.InRange(far, 0.25, 1.0);
    }

    [Property(MaxTest = 100)]
    public void Warm_restarts_are_their_closed_form(int maxSeed, int minShare, PositiveInt t0Seed, PositiveInt multSeed)
    {
        var max = Rate(maxSeed);
        var min = max * (Factor(minShare) - 0.01);
        var t0 = Count(t0Seed, 20);
        var mult = Count(multSeed, 3);
        var s = new CosineWarmRestartsSchedule(max, t0, mult, min);
        long cycleStart = 0;
        var cycleLength = t0;
        for (long c = 0; c < 500; c++)
        {
            if (c == cycleStart + cycleLength)
            {
                cycleStart = c;
                cycleLength *= mult;
                Assert.Equal(max, s.At(c));
            }

            var t = c - cycleStart;
            var expected = min + (0.5 * (max - min) * (1 + Math.Cos(t * Math.PI / cycleLength)));
            Close(expected, s.At(c), max, $"warm restarts at {c} (cycle from {cycleStart}, length {cycleLength})");
            if (t > 0)
            {
                Assert.True(s.At(c) <= s.At(c - 1), $"not non-increasing within the cycle at {c}");
            }
        }
    }

    [Fact]
    public void Polynomial_matches_hand_computed_values()
    {
        var s = new PolynomialSchedule(1.0, 0.0, 2.0, 4);
        Assert.Equal(1.0, s.At(0));
        Assert.Equal(0.5625, s.At(1));
        Assert.Equal(0.25, s.At(2));
        Assert.Equal(0.0625, s.At(3));
        Assert.Equal(0.0, s.At(4));
    }

    [Property(MaxTest = 100)]
    public void Polynomial_is_its_closed_form(int startSeed, int endShare, int powerSeed, PositiveInt countSeed)
    {
        var start = Rate(startSeed);
        var end = start * (Factor(endShare) - 0.01);
        // Whole powers 0..4 and fractional ones.
        var power = (Math.Abs((long)powerSeed) % 2 == 0) ? Math.Abs((long)powerSeed) % 5 : Factor(powerSeed) * 3;
        var n = Count(countSeed, 200);
        var s = new PolynomialSchedule(start, end, power, n);
        foreach (var c in Counters(n + 5))
        {
            var expected = c >= n ? end : ((start - end) * Math.Pow(1 - ((double)c / n), power)) + end;
            Close(expected, s.At(c), $"polynomial({start}, {end}, {power}, {n}) at {c}");
        }

        NonIncreasing(s.At, 0, n + 5, "polynomial");
    }

    [Fact]
    public void One_cycle_matches_pytorch_corner_values()
    {
        // torch.optim.lr_scheduler.OneCycleLR(max_lr=0.1, total_steps=100): 0.004 at 0, 0.1 at 29, 4e-7 at 99.
        var s = new OneCycleSchedule(0.1, 100);
        Assert.Equal(0.1 / 25, s.At(0), 15);
        Assert.Equal(0.1, s.At(29));
        Assert.Equal(0.1 / 25 / 1e4, s.At(99));
        Assert.Equal(0.1 / 25 / 1e4, s.At(1000));
        var linear = new OneCycleSchedule(1.0, 11, 0.5, 10, 10, OneCycleAnnealing.Linear);
        // e1 = 4.5: lr(c) = 0.1 + 0.9 c / 4.5 up to 4, then from 1 down to 0.01 over [4.5, 10].
        Assert.Equal(0.1 + (0.9 * 2 / 4.5), linear.At(2), 15);
        Assert.Equal(1.0 - (0.99 * 2.5 / 5.5), linear.At(7), 15);
        Assert.Equal(0.01, linear.At(10), 15);
    }

    [Property(MaxTest = 100)]
    public void One_cycle_is_pytorchs_phase_loop(int maxSeed, PositiveInt totalSeed, int pctSeed, int divSeed, int finalSeed, bool linear)
    {
        var max = Rate(maxSeed);
        var total = Count(totalSeed, 400) + 10;
        var pct = 0.2 + (Factor(pctSeed) * 0.75);
        var div = 1 + (Factor(divSeed) * 50);
        var finalDiv = 1 + (Factor(finalSeed) * 1e4);
        var s = new OneCycleSchedule(max, total, pct, div, finalDiv, linear ? OneCycleAnnealing.Linear : OneCycleAnnealing.Cosine);
        var initial = max / div;
        var final = initial / finalDiv;
        (double End, double From, double To)[] phases = [((pct * total) - 1, initial, max), (total - 1, max, final)];
        for (long c = 0; c < total; c++)
        {
            double startStep = 0;
            var expected = double.NaN;
            for (var i = 0; i < phases.Length; i++)
            {
                if (c <= phases[i].End || i == phases.Length - 1)
                {
                    var p = (c - startStep) / (phases[i].End - startStep);
                    expected = linear
                        ? ((phases[i].To - phases[i].From) * p) + phases[i].From
                        : phases[i].To + ((phases[i].From - phases[i].To) / 2 * (Math.Cos(Math.PI * p) + 1));
                    break;
                }

                startStep = phases[i].End;
            }

            Close(expected, s.At(c), max, $"one-cycle at {c}");
        }

        var peak = (long)Math.Floor((pct * total) - 1);
        NonDecreasing(s.At, 0, peak, "one-cycle rise");
        NonIncreasing(s.At, peak + 1, total + 5, "one-cycle fall");
    }

    [Fact]
    public void Sequence_restarts_each_schedules_counter_at_its_boundary()
    {
        var s = new SequenceSchedule([new ConstantSchedule(1), new LinearSchedule(0, 1, 10), new ConstantSchedule(3)], [5, 15]);
        Assert.Equal(1.0, s.At(4));
        Assert.Equal(0.0, s.At(5));
        Assert.Equal(0.5, s.At(10));
        Assert.Equal(3.0, s.At(15));
        Assert.Equal(3.0, s.At(long.MaxValue));
    }

    [Property(MaxTest = 100)]
    public void Warm_up_then_cosine_is_continuous_at_the_join(int initSeed, int peakSeed, PositiveInt warmSeed, PositiveInt decaySeed, int endShare)
    {
        var peak = Rate(peakSeed);
        var init = peak * (Factor(initSeed) - 0.01);
        var end = peak * (Factor(endShare) - 0.01);
        var warm = Count(warmSeed, 100);
        var total = warm + Count(decaySeed, 300);
        var s = SequenceSchedule.WarmupCosine(init, peak, warm, total, end);
        var warmUp = new LinearSchedule(init, peak, warm);
        var cosine = new CosineAnnealingSchedule(peak, total - warm, end);
        foreach (var c in Counters(total + 10))
        {
            Assert.Equal(c < warm ? warmUp.At(c) : cosine.At(c - warm), s.At(c));
        }

        // Continuity at the join: the left piece's limit equals the right piece's start (both the peak).
        Close(warmUp.At(warm), s.At(warm), "join");
        Assert.Equal(peak, s.At(warm));
        NonDecreasing(s.At, 0, warm, "warm-up");
        NonIncreasing(s.At, warm, total + 10, "cosine");
        Assert.Equal(end, s.At(total));
    }

    [Property(MaxTest = 50)]
    public void A_sequence_of_linear_pieces_that_meet_is_continuous(int[] valueSeeds, PositiveInt[] gaps)
    {
        var n = Math.Min(valueSeeds.Length, gaps.Length);
        var schedules = new List<LearningRateSchedule>();
        var boundaries = new List<long>();
        var previous = 0.5;
        long at = 0;
        for (var i = 0; i < n; i++)
        {
            var length = Count(gaps[i], 30);
            var next = Rate(valueSeeds[i]);
            schedules.Add(new LinearSchedule(previous, next, length));
            at += length;
            boundaries.Add(at);
            previous = next;
        }

        schedules.Add(new ConstantSchedule(previous));
        var s = new SequenceSchedule(schedules, boundaries);
        for (var i = 0; i < boundaries.Count; i++)
        {
            var b = boundaries[i];
            var left = schedules[i].At(b - (i == 0 ? 0 : boundaries[i - 1]));
            Assert.Equal(left, s.At(b));
        }
    }
}
