using SimdOpt.Tests.Support;
using SimdOpt.Schedules;

namespace SimdOpt.Tests.Schedules;

[Collection(SerialCollection.Name)]
public class ScheduleValidationTests
{
    public static TheoryData<string, Action> BadConstructions() => new()
    {
        { "learningRate", () => _ = new ConstantSchedule(-0.1) },
        { "learningRate", () => _ = new ConstantSchedule(double.NaN) },
        { "learningRate", () => _ = new ConstantSchedule(double.PositiveInfinity) },
        { "initialLearningRate", () => _ = new StepSchedule(-1, 10) },
        { "stepSize", () => _ = new StepSchedule(1, 0) },
        { "gamma", () => _ = new StepSchedule(1, 10, 1.5) },
        { "gamma", () => _ = new StepSchedule(1, 10, double.NaN) },
        { "milestones", () => _ = new MultiStepSchedule(1, []) },
        { "milestones", () => _ = new MultiStepSchedule(1, [5, 5]) },
        { "milestones", () => _ = new MultiStepSchedule(1, [5, 3]) },
        { "milestones", () => _ = new MultiStepSchedule(1, [0, 3]) },
        { "rate", () => _ = new ExponentialDecaySchedule(1, -0.5) },
        { "rate", () => _ = new ExponentialDecaySchedule(1, 1.01) },
        { "staircaseInterval", () => _ = new ExponentialDecaySchedule(1, 0.9, 0) },
        { "decayRate", () => _ = new InverseTimeDecaySchedule(1, -1) },
        { "decayRate", () => _ = new InverseTimeDecaySchedule(1, double.NaN) },
        { "staircaseInterval", () => _ = new InverseTimeDecaySchedule(1, 1, -3) },
        { "k", () => _ = new InverseSqrtSchedule(1, -2) },
        { "initialLearningRate * k", () => _ = new InverseSqrtSchedule(1e300, 1e300) },
        { "transitionCount", () => _ = new LinearSchedule(0, 1, 0) },
        { "end", () => _ = new LinearSchedule(0, double.NaN, 5) },
        { "period", () => _ = new CosineAnnealingSchedule(1, 0) },
        { "minLearningRate", () => _ = new CosineAnnealingSchedule(1, 10, 2) },
        { "minLearningRate", () => _ = new CosineAnnealingSchedule(1, 10, -0.1) },
        { "firstPeriod", () => _ = new CosineWarmRestartsSchedule(1, 0) },
        { "periodMultiplier", () => _ = new CosineWarmRestartsSchedule(1, 10, 0) },
        { "minLearningRate", () => _ = new CosineWarmRestartsSchedule(1, 10, 1, 1.5) },
        { "power", () => _ = new PolynomialSchedule(1, 0, -1, 10) },
        { "power", () => _ = new PolynomialSchedule(1, 0, double.PositiveInfinity, 10) },
        { "transitionCount", () => _ = new PolynomialSchedule(1, 0, 1, 0) },
        { "totalSteps", () => _ = new OneCycleSchedule(1, 1) },
        { "pctStart", () => _ = new OneCycleSchedule(1, 10, 0.1) },
        { "pctStart", () => _ = new OneCycleSchedule(1, 10, 1.0) },
        { "divFactor", () => _ = new OneCycleSchedule(1, 10, 0.3, 0) },
        { "finalDivFactor", () => _ = new OneCycleSchedule(1, 10, 0.3, 25, double.NaN) },
        { "annealing", () => _ = new OneCycleSchedule(1, 10, 0.3, 25, 1e4, (OneCycleAnnealing)7) },
        { "boundaries", () => _ = new PiecewiseConstantSchedule([], [1.0]) },
        { "values", () => _ = new PiecewiseConstantSchedule([3], [1.0]) },
        { "values[1]", () => _ = new PiecewiseConstantSchedule([3], [1.0, -1.0]) },
        { "schedules", () => _ = new SequenceSchedule([], []) },
        { "boundaries", () => _ = new SequenceSchedule([new ConstantSchedule(1)], [3]) },
        { "boundaries", () => _ = new SequenceSchedule([new ConstantSchedule(1), new ConstantSchedule(2), new ConstantSchedule(3)], [3, 3]) },
        { "schedules", () => _ = new SequenceSchedule([new ConstantSchedule(1), null!], [3]) },
        { "decayCount", () => _ = SequenceSchedule.WarmupCosine(0, 1, 10, 10) },
        { "warmupCount", () => _ = SequenceSchedule.WarmupCosine(0, 1, -1, 10) },
        { "peakLearningRate", () => _ = SequenceSchedule.WarmupCosine(0, -1, 5, 10) },
        { "endLearningRate", () => _ = SequenceSchedule.WarmupCosine(0, 1, 5, 10, 2) },
        { "initialLearningRate", () => _ = SequenceSchedule.WarmupCosine(double.NaN, 1, 5, 10) },
    };

    [Theory]
    [MemberData(nameof(BadConstructions))]
    public void Bad_parameters_throw_naming_the_parameter(string parameter, Action construct)
    {
        var e = Assert.ThrowsAny<ArgumentException>(construct);
        Assert.Equal(parameter, e.ParamName);
        if (e is ArgumentOutOfRangeException)
        {
            Assert.Matches(@"must be|\[|\(", e.Message);
        }
    }

    public static TheoryData<LearningRateSchedule> AllSchedules() =>
    [
        new ConstantSchedule(0.1),
        PiecewiseConstantSchedule.Switch(0.1, 10, 0.01),
        new StepSchedule(0.1, 10),
        new MultiStepSchedule(0.1, [10, 20]),
        new ExponentialDecaySchedule(0.1, 0.95),
        new InverseTimeDecaySchedule(0.1, 0.5, 2),
        new InverseSqrtSchedule(0.1),
        new LinearSchedule(0, 0.1, 10),
        new CosineAnnealingSchedule(0.1, 100, 0.001),
        new CosineWarmRestartsSchedule(0.1, 10, 2),
        new PolynomialSchedule(0.1, 0, 1.5, 100),
        new OneCycleSchedule(0.1, 100),
        SequenceSchedule.WarmupCosine(0, 0.1, 10, 100),
    ];

    [Theory]
    [MemberData(nameof(AllSchedules))]
    public void Negative_counters_throw(LearningRateSchedule schedule)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => schedule.At(-1));
        Assert.Equal("counter", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.At(long.MinValue));
    }

    [Theory]
    [MemberData(nameof(AllSchedules))]
    public void Every_value_is_a_valid_learning_rate(LearningRateSchedule schedule)
    {
        long[] far = [1_000, 1_000_000, int.MaxValue, long.MaxValue / 2, long.MaxValue];
        for (long c = 0; c < 300; c++)
        {
            var lr = schedule.At(c);
            Assert.True(double.IsFinite(lr) && lr >= 0, $"lr({c}) = {lr}");
        }

        foreach (var c in far)
        {
            var lr = schedule.At(c);
            Assert.True(double.IsFinite(lr) && lr >= 0, $"lr({c}) = {lr}");
        }
    }

    [Theory]
    [MemberData(nameof(AllSchedules))]
    public void At_allocates_nothing(LearningRateSchedule schedule)
    {
        var sum = 0.0;
        long counter = 0;
        var allocated = Allocations.Measure(() => sum += schedule.At(counter++ % 100_000), 100_000);
        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }
}
