using System.Text.Json;
using SimdOpt.Cli.Runs;
using SimdOpt.Schedules;

namespace SimdOpt.Training.Tests.Cli;

public sealed class ScheduleSpecTests : IDisposable
{
    private const double Lr = 0.2;
    private static readonly long[] Counters = [0, 1, 2, 5, 99, 100, 101, 999, 1000, 1001, 2999, 3000, 6000, 9999, 10_000, 50_000];

    private readonly string _folder = CliHarness.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, LearningRateSchedule> Specs => new()
    {
        { "constant", new ConstantSchedule(Lr) },
        { "inverse-time:rate=1,interval=1000", new InverseTimeDecaySchedule(Lr, 1, 1000) },
        { "inverse-time:rate=0.5", new InverseTimeDecaySchedule(Lr, 0.5) },
        { "exponential:rate=0.95", new ExponentialDecaySchedule(Lr, 0.95) },
        { "exponential:rate=0.5,interval=100", new ExponentialDecaySchedule(Lr, 0.5, 100) },
        { "inverse-sqrt", new InverseSqrtSchedule(Lr) },
        { "inverse-sqrt:k=3", new InverseSqrtSchedule(Lr, 3) },
        { "step:size=1000,gamma=0.5", new StepSchedule(Lr, 1000, 0.5) },
        { "step:size=100", new StepSchedule(Lr, 100, 0.1) },
        { "multistep:milestones=3000;6000,gamma=0.1", new MultiStepSchedule(Lr, [3000, 6000], 0.1) },
        { "piecewise:boundaries=100;1000,scales=1;0.5;0.25", new PiecewiseConstantSchedule([100, 1000], [Lr, Lr * 0.5, Lr * 0.25]) },
        { "cosine:period=10000,min=0.01", new CosineAnnealingSchedule(Lr, 10_000, Lr * 0.01) },
        { "cosine:period=1000", new CosineAnnealingSchedule(Lr, 1000) },
        { "warm-restarts:t0=1000,mult=2,min=0.1", new CosineWarmRestartsSchedule(Lr, 1000, 2, Lr * 0.1) },
        { "warm-restarts:t0=100", new CosineWarmRestartsSchedule(Lr, 100) },
        { "linear:start=0.1,end=1,count=1000", new LinearSchedule(Lr * 0.1, Lr, 1000) },
        { "linear:count=100", new LinearSchedule(0, Lr, 100) },
        { "polynomial:count=5000,power=2,end=0.01", new PolynomialSchedule(Lr, Lr * 0.01, 2, 5000) },
        { "polynomial:count=5000", new PolynomialSchedule(Lr, 0, 1, 5000) },
        { "onecycle:total=10000", new OneCycleSchedule(Lr, 10_000) },
        { "onecycle:total=1000,pct=0.25,div=10,final-div=100,anneal=linear", new OneCycleSchedule(Lr, 1000, 0.25, 10, 100, OneCycleAnnealing.Linear) },
        { "warmup-cosine:warmup=100,decay=10000,end=0.01", SequenceSchedule.WarmupCosine(0, Lr, 100, 10_000, Lr * 0.01) },
        { "warmup-cosine:warmup=0,decay=1000,start=0.5", SequenceSchedule.WarmupCosine(Lr * 0.5, Lr, 0, 1000) },
        { " cosine:period=1000 , min=0.5 ", new CosineAnnealingSchedule(Lr, 1000, Lr * 0.5) },
        { "cosine-periodic:period=500,min=0.1", new PeriodicCosineSchedule(Lr, 500, Lr * 0.1) },
        { "cyclic:base=0.1,up=200", new CyclicSchedule(Lr * 0.1, Lr, 200) },
        { "cyclic:base=0,up=20,down=60,mode=exp-range,gamma=0.99", new CyclicSchedule(0, Lr, 20, 60, CyclicMode.ExpRange, 0.99) },
        { "cyclic:base=0.5,up=7,mode=triangular2", new CyclicSchedule(Lr * 0.5, Lr, 7, null, CyclicMode.Triangular2) },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void Every_family_parses_into_the_core_schedule_with_lr_as_its_base(string text, LearningRateSchedule expected)
    {
        Assert.True(ScheduleSpec.TryParse(text, out var spec, out var error), error);
        var schedule = spec!.Create(Lr);
        Assert.IsType(expected.GetType(), schedule);
        foreach (var c in Counters)
        {
            Assert.Equal(expected.At(c), schedule.At(c));
        }
    }

    [Fact]
    public void A_plateau_spec_builds_the_plateau_scheduler_with_min_as_a_multiple_of_lr()
    {
        Assert.True(ScheduleSpec.TryParse(PlateauSpec, out var spec, out var error), error);
        Assert.True(spec!.IsPlateau);
        var plateau = spec.CreatePlateau(Lr);
        Assert.Equal(
            (Lr, PlateauMode.Min, 0.5, 3L, 0.01, PlateauThresholdMode.Absolute, 2L, Lr * 0.1, 1e-9),
            (plateau.LearningRate, plateau.Mode, plateau.Factor, plateau.Patience, plateau.Threshold, plateau.ThresholdMode, plateau.Cooldown, plateau.MinLearningRate, plateau.Eps));
        Assert.Throws<InvalidOperationException>(() => spec.Create(Lr));
        Assert.Throws<InvalidOperationException>(() => ScheduleSpec.Parse("constant").CreatePlateau(Lr));
        Assert.Equal(PlateauThresholdMode.Relative, ScheduleSpec.Parse("plateau").CreatePlateau(Lr).ThresholdMode);
        Assert.False(ScheduleSpec.TryParse("plateau:threshold-mode=relative", out _, out error));
        Assert.Contains("threshold-mode must be rel or abs", error, StringComparison.Ordinal);
    }

    private const string PlateauSpec = "plateau:factor=0.5,patience=3,threshold=0.01,threshold-mode=abs,cooldown=2,min=0.1,eps=1e-9";

    [Fact]
    public void Every_family_is_covered_and_in_the_help()
    {
        var tested = Specs.Select(row => ((string)row[0]).Trim().Split(':')[0]).Append(PlateauSpec.Split(':')[0]).ToHashSet();
        Assert.Equal(ScheduleSpec.FamilyNames.ToHashSet(), tested);
        var help = CliHarness.Run("train", "--help").Output;
        foreach (var family in ScheduleSpec.FamilyNames)
        {
            Assert.Contains("  " + family, help, StringComparison.Ordinal);
        }

        Assert.Contains("Usage:\n  simdopt train", help.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "unknown schedule ''")]
    [InlineData("cosinus:period=10", "unknown schedule 'cosinus'")]
    [InlineData("cosine", "'cosine' needs period=...")]
    [InlineData("cosine:period=10,perod=10", "'cosine' has no parameter 'perod'; it takes period, min.")]
    [InlineData("cosine:period", "'period' is not key=value.")]
    [InlineData("cosine:period=10,", "'' is not key=value.")]
    [InlineData("cosine:period=10,period=20", "'period' is given twice.")]
    [InlineData("cosine:period=ten", "period: 'ten' is not a whole number.")]
    [InlineData("cosine:period=1.5", "period: '1.5' is not a whole number.")]
    [InlineData("cosine:period=0", "period must be in [1, 9223372036854775807]; got 0.")]
    [InlineData("cosine:period=10,min=2", "min must be in [0, lr]")]
    [InlineData("exponential:rate=1.5", "rate must be in [0, 1]; got 1.5.")]
    [InlineData("exponential:rate=NaN", "rate: 'NaN' is not a finite number.")]
    [InlineData("inverse-time:rate=-1", "rate must be finite and in [0, +inf); got -1.")]
    [InlineData("inverse-time:rate=1,interval=0", "interval must be in [1, 9223372036854775807]; got 0.")]
    [InlineData("step:size=100,gamma=2", "gamma must be in [0, 1]; got 2.")]
    [InlineData("multistep:milestones=6000;3000", "milestones must be strictly increasing")]
    [InlineData("multistep:milestones=0;3000", "milestones[0] must be in [1, ")]
    [InlineData("piecewise:boundaries=100,scales=1", "scales must have one more entry than boundaries (2); got 1.")]
    [InlineData("warm-restarts:t0=100,mult=0", "mult must be in [1, ")]
    [InlineData("linear:count=0", "count must be in [1, ")]
    [InlineData("polynomial:count=10,power=-1", "power must be finite and in [0, +inf); got -1.")]
    [InlineData("onecycle:total=1", "total must be in [2, ")]
    [InlineData("onecycle:total=100,pct=1", "pct must be in (0.01, 1); got 1.")]
    [InlineData("onecycle:total=100,anneal=square", "anneal must be cos or linear; got 'square'.")]
    [InlineData("warmup-cosine:warmup=100,decay=100", "decay must be in [warmup + 1, +inf) = [101, +inf); got 100.")]
    [InlineData("warmup-cosine:decay=100", "'warmup-cosine' needs warmup=...")]
    [InlineData("constant:rate=1", "'constant' takes no parameters; got 'rate'.")]
    [InlineData("cyclic:base=0.1,up=0", "up must be in [1, ")]
    [InlineData("cyclic:base=0.1,up=5,mode=sine", "mode must be triangular, triangular2 or exp-range; got 'sine'.")]
    [InlineData("cyclic:up=5", "'cyclic' needs base=...")]
    [InlineData("cosine-periodic:period=10,min=2", "min must be in [0, lr]")]
    public void Bad_specs_exit_with_code_1_and_a_message_naming_the_problem(string text, string message)
    {
        Assert.False(ScheduleSpec.TryParse(text, out var spec, out var error));
        Assert.Null(spec);
        Assert.Contains(message, error, StringComparison.Ordinal);

        var (exitCode, output, stderr) = CliHarness.Run("train", "--schedule", text, "--epochs", "1", "--out", _folder);
        Assert.Equal(1, exitCode);
        Assert.Contains($"Invalid --schedule '{text.Trim()}': ", stderr, StringComparison.Ordinal);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("done:", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_bad_schedule_by_is_rejected()
    {
        var (exitCode, _, error) = CliHarness.Run("train", "--schedule", "constant", "--schedule-by", "batch", "--out", _folder);
        Assert.Equal(1, exitCode);
        Assert.Contains("batch", error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData("epoch")]
    [InlineData("step")]
    [InlineData("epoch-end")]
    public void Train_records_the_schedule_and_its_counter_in_the_summary(string by)
    {
        var (exitCode, output, error) = CliHarness.Run(
            "train", "-p", "gd", "--lr", "0.1", "--schedule", "step:size=2,gamma=0.5", "--schedule-by", by, "--epochs", "4", "--out", _folder);
        Assert.True(exitCode == 0, error);
        Assert.Contains("[gd] done: 4 epochs", output, StringComparison.Ordinal);
        Assert.Contains($"gd: --schedule step:size=2,gamma=0.5 --schedule-by {by}, base lr 0.1.", output, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "summary.json")));
        var run = json.RootElement.GetProperty("runs")[0];
        Assert.Equal("gd", run.GetProperty("name").GetString());
        var schedule = run.GetProperty("schedule");
        Assert.Equal("step:size=2,gamma=0.5", schedule.GetProperty("spec").GetString());
        Assert.Equal(by, schedule.GetProperty("by").GetString());
        Assert.Equal(0.1, schedule.GetProperty("baseLearningRate").GetDouble());
        Assert.Contains($"schedule `step:size=2,gamma=0.5` by {by}", File.ReadAllText(Path.Combine(_folder, "summary.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_without_a_schedule_records_null()
    {
        var (exitCode, _, error) = CliHarness.Run("train", "-p", "gd", "--epochs", "2", "--out", _folder);
        Assert.True(exitCode == 0, error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "summary.json")));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("runs")[0].GetProperty("schedule").ValueKind);
    }
}
