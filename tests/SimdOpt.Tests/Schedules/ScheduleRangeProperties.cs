using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Schedules;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Schedules;

/// <summary>
/// Whatever a schedule's constructor accepts, <c>At</c> gives a finite, non-negative rate for every counter:
/// random constructions of every family over the whole double and long range (constructions that throw are
/// skipped), evaluated at 0, 1, near the family's own counts, at random counters and at long.MaxValue.
/// </summary>
public class ScheduleRangeProperties
{
    private static readonly Gen<double> Real = Gen.OneOf(
        Gen.Elements(0.0, double.Epsilon, 1e-300, 1e-10, 0.1, 1.0 / 3, 0.33333333333333337, 0.5, 0.9, 1.0 - 1e-16, 1.0, 2.0, 25.0, 1e4, 1e150, 1e300, double.MaxValue),
        from e in Gen.Choose(-3200, 3080) select Math.Pow(10, e / 10.0),
        from x in Gen.Choose(0, 1_000_000) select x / 1_000_000.0);

    private static readonly Gen<long> Count = Gen.OneOf(
        Gen.Elements(1L, 2L, 3L, 7L, 1000L, 1L << 40, long.MaxValue / 2, long.MaxValue),
        from n in Gen.Choose(1, 100_000) select (long)n);

    private static readonly Gen<(string Name, Func<LearningRateSchedule> Create)> Constructions = Gen.OneOf(
        from a in Real select ("constant", (Func<LearningRateSchedule>)(() => new ConstantSchedule(a))),
        from a in Real from r in Real from n in Count select ("inverse-time", (Func<LearningRateSchedule>)(() => new InverseTimeDecaySchedule(a, r, n))),
        from a in Real from r in Real from n in Count select ("exponential", (Func<LearningRateSchedule>)(() => new ExponentialDecaySchedule(a, r, n))),
        from a in Real from k in Real select ("inverse-sqrt", (Func<LearningRateSchedule>)(() => new InverseSqrtSchedule(a, k))),
        from a in Real from n in Count from g in Real select ("step", (Func<LearningRateSchedule>)(() => new StepSchedule(a, n, g))),
        from a in Real from m in Count from m2 in Count from g in Real select ("multistep", (Func<LearningRateSchedule>)(() => new MultiStepSchedule(a, [Math.Min(m, m2), Math.Max(m, m2)], g))),
        from a in Real from b in Real from n in Count select ("piecewise", (Func<LearningRateSchedule>)(() => new PiecewiseConstantSchedule([n], [a, b]))),
        from a in Real from n in Count from b in Real select ("cosine", (Func<LearningRateSchedule>)(() => new CosineAnnealingSchedule(a, n, b))),
        from a in Real from n in Count from m in Count from b in Real select ("warm-restarts", (Func<LearningRateSchedule>)(() => new CosineWarmRestartsSchedule(a, n, m, b))),
        from a in Real from b in Real from n in Count select ("linear", (Func<LearningRateSchedule>)(() => new LinearSchedule(a, b, n))),
        from a in Real from b in Real from p in Real from n in Count select ("polynomial", (Func<LearningRateSchedule>)(() => new PolynomialSchedule(a, b, p, n))),
        from a in Real from n in Count from p in Real from d in Real from f in Real from cos in Gen.Elements(true, false)
        select ("onecycle", (Func<LearningRateSchedule>)(() => new OneCycleSchedule(a, n, p, d, f, cos ? OneCycleAnnealing.Cosine : OneCycleAnnealing.Linear))),
        from a in Real from b in Real from w in Count from d in Count from e in Real
        select ("warmup-cosine", (Func<LearningRateSchedule>)(() => SequenceSchedule.WarmupCosine(a, b, w, d, e))));

    private static readonly Gen<long> Counter = Gen.OneOf(
        Gen.Elements(0L, 1L, 2L, 3L, 999L, 1000L, 1001L, long.MaxValue),
        from n in Gen.Choose(0, 200_000) select (long)n,
        from e in Gen.Choose(0, 62) select 1L << e,
        from e in Gen.Choose(1, 62) select (1L << e) - 1);

    [Fact]
    public void Every_accepted_schedule_gives_a_finite_non_negative_rate_for_every_counter() =>
        PropertySettings.Check(
            (from construction in Constructions
             from counters in Gen.ArrayOf(Counter, 8)
             select (construction, counters)).ToArbitrary(),
            c =>
            {
                LearningRateSchedule schedule;
                try
                {
                    schedule = c.construction.Create();
                }
                catch (ArgumentException)
                {
                    return;
                }

                foreach (var counter in c.counters)
                {
                    var rate = schedule.At(counter);
                    Assert.True(double.IsFinite(rate) && rate >= 0, $"{c.construction.Name}: At({counter}) = {rate}");
                }
            });

    [Fact]
    public void One_cycle_whose_warm_up_rounds_to_nothing_is_rejected()
    {
        // 0.33333333333333337 > 1/3, but 0.33333333333333337 * 3 - 1 is 0 in double: At(0) was 0 / 0.
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycleSchedule(1, 3, 0.33333333333333337));
        Assert.Equal("pctStart", error.ParamName);
    }

    [Fact]
    public void One_cycle_whose_initial_rate_overflows_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycleSchedule(1e300, 100, divFactor: 1e-10));
}
