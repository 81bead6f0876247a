using System.Text.Json;
using SimdOpt.Schedules;
using static SimdOpt.Tests.Schedules.ScheduleAssert;

namespace SimdOpt.Tests.Schedules;

/// <summary>
/// The cyclic, periodic-cosine and plateau schedules against rates PyTorch 1.13's own schedulers produced
/// (tests/fixtures/torch_schedules.py wrote Fixtures/torch-schedules.json). PyTorch steps its schedulers
/// recursively or with <c>**</c>, so agreement is to <see cref="RelativeTolerance"/>, not to the bit.
/// </summary>
public class TorchScheduleFixtureTests
{
    private static readonly JsonElement Fixture = Load();

    public static TheoryData<int> CyclicCases() => Indices("cyclic");

    public static TheoryData<int> CosineCases() => Indices("cosine");

    public static TheoryData<int> PlateauCases() => Indices("plateau");

    [Theory]
    [MemberData(nameof(CyclicCases))]
    public void Cyclic_matches_torch_CyclicLR(int index)
    {
        var c = Fixture.GetProperty("cyclic")[index];
        var mode = c.GetProperty("mode").GetString() switch
        {
            "triangular" => CyclicMode.Triangular,
            "triangular2" => CyclicMode.Triangular2,
            _ => CyclicMode.ExpRange,
        };
        var schedule = new CyclicSchedule(
            c.GetProperty("base").GetDouble(),
            c.GetProperty("max").GetDouble(),
            c.GetProperty("up").GetInt64(),
            c.GetProperty("down").GetInt64(),
            mode,
            c.GetProperty("gamma").GetDouble());
        var rates = Doubles(c.GetProperty("rates"));
        for (var t = 0; t < rates.Length; t++)
        {
            Close(rates[t], schedule.At(t), Math.Max(schedule.BaseLearningRate, schedule.MaxLearningRate), $"{mode} at {t}");
        }
    }

    [Theory]
    [MemberData(nameof(CosineCases))]
    public void Periodic_cosine_matches_torch_closed_form_and_stepped_CosineAnnealingLR(int index)
    {
        var c = Fixture.GetProperty("cosine")[index];
        var max = c.GetProperty("max").GetDouble();
        var schedule = new PeriodicCosineSchedule(max, c.GetProperty("period").GetInt64(), c.GetProperty("min").GetDouble());
        var closed = Doubles(c.GetProperty("closed_form"));
        var stepped = Doubles(c.GetProperty("stepped"));
        for (var t = 0; t < closed.Length; t++)
        {
            Close(closed[t], schedule.At(t), max, $"closed form at {t}");

            // PyTorch's step() is a recursion whose rounding error grows with t: checked loosely.
            Assert.True(Math.Abs(stepped[t] - schedule.At(t)) <= 1e-9 * max, $"stepped at {t}: {stepped[t]:R} vs {schedule.At(t):R}");
        }
    }

    [Theory]
    [MemberData(nameof(PlateauCases))]
    public void Plateau_matches_torch_ReduceLROnPlateau_exactly(int index)
    {
        var c = Fixture.GetProperty("plateau")[index];
        var s = c.GetProperty("settings");
        var plateau = new ReduceLearningRateOnPlateau(
            c.GetProperty("lr").GetDouble(),
            s.GetProperty("mode").GetString() == "min" ? PlateauMode.Min : PlateauMode.Max,
            s.GetProperty("factor").GetDouble(),
            s.GetProperty("patience").GetInt64(),
            s.GetProperty("threshold").GetDouble(),
            s.GetProperty("threshold_mode").GetString() == "rel" ? PlateauThresholdMode.Relative : PlateauThresholdMode.Absolute,
            s.GetProperty("cooldown").GetInt64(),
            s.GetProperty("min_lr").GetDouble(),
            s.GetProperty("eps").GetDouble());
        var metrics = Doubles(c.GetProperty("metrics"));
        var rates = Doubles(c.GetProperty("rates"));
        for (var t = 0; t < metrics.Length; t++)
        {
            plateau.Observe(metrics[t]);
            Assert.Equal(rates[t], plateau.LearningRate);
        }
    }

    private static TheoryData<int> Indices(string name)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Fixture.GetProperty(name).GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static double[] Doubles(JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : e.GetDouble())];

    private static JsonElement Load()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schedules", "Fixtures", "torch-schedules.json"));

        // Python writes NaN bare; make it a string JsonElement can carry.
        text = text.Replace("NaN", "\"NaN\"", StringComparison.Ordinal);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
