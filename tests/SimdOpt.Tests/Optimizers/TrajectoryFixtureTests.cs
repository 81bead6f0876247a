using System.Text.Json;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using Xunit.Abstractions;

namespace SimdOpt.Tests.Optimizers;

/// <summary>
/// Adadelta against PyTorch's <c>torch.optim.Adadelta</c> (float32) and Schedule-Free AdamW against the authors'
/// algorithm written in numpy float64, over 10 steps of 8 elements from <c>Fixtures/trajectories.json</c> (made by
/// <c>Fixtures/make_trajectories.py</c>; the tests need no Python). The float operations differ in order (PyTorch
/// takes two square roots in Adadelta; numpy works in double), so each value agrees within a tolerance, not in its
/// bits: <c>|ours - theirs| &lt;= Tolerance * max(|theirs|, 1)</c>.
/// </summary>
public class TrajectoryFixtureTests(ITestOutputHelper output)
{
    /// <summary>
    /// About 8 float32 units in the last place at magnitude 1. The largest differences seen (each test prints its own):
    /// Adadelta 0 (defaults: the same bits as PyTorch in all 10 steps) and 3.7e-9; Schedule-Free 1.2e-7 to 1.5e-7.
    /// </summary>
    private const double Tolerance = 1e-6;

    private static readonly JsonElement[] Cases = Load();

    public static TheoryData<string> Names(string rule)
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases.Where(c => c.GetProperty("rule").GetString() == rule))
        {
            data.Add(c.GetProperty("case").GetString()!);
        }

        return data;
    }

    public static TheoryData<string> AdadeltaCases() => Names("adadelta");

    public static TheoryData<string> ScheduleFreeCases() => Names("schedule-free-adamw");

    [Theory]
    [MemberData(nameof(AdadeltaCases))]
    public void Adadelta_follows_pytorch(string name)
    {
        var c = Case(name);
        var o = c.GetProperty("options");
        var options = new AdadeltaOptions
        {
            Rho = o.GetProperty("rho").GetDouble(),
            Epsilon = o.GetProperty("eps").GetDouble(),
            WeightDecay = o.GetProperty("weight_decay").GetDouble(),
            Maximize = o.GetProperty("maximize").GetBoolean(),
        };
        var parameters = Floats(c.GetProperty("start"));
        var optimizer = new Adadelta(Layout(parameters.Length), c.GetProperty("learning_rate").GetDouble(), options);
        var worst = Follow(c, parameters, optimizer);
        output.WriteLine($"{name}: largest relative difference {worst:E2}");
    }

    [Theory]
    [MemberData(nameof(ScheduleFreeCases))]
    public void ScheduleFreeAdamW_follows_the_authors_algorithm(string name)
    {
        var c = Case(name);
        var o = c.GetProperty("options");
        var options = new ScheduleFreeAdamWOptions
        {
            Beta1 = o.GetProperty("beta1").GetDouble(),
            Beta2 = o.GetProperty("beta2").GetDouble(),
            Epsilon = o.GetProperty("eps").GetDouble(),
            WeightDecay = o.GetProperty("weight_decay").GetDouble(),
            WarmupSteps = o.GetProperty("warmup_steps").GetInt32(),
            R = o.GetProperty("r").GetDouble(),
            WeightLrPower = o.GetProperty("weight_lr_power").GetDouble(),
        };
        var parameters = Floats(c.GetProperty("start"));
        var optimizer = new ScheduleFreeAdamW(Layout(parameters.Length), c.GetProperty("learning_rate").GetDouble(), options);
        var worst = Follow(c, parameters, optimizer);
        optimizer.Eval(parameters);
        worst = Math.Max(worst, AssertClose(c.GetProperty("eval_parameters"), parameters, $"{name}, eval point x"));
        Assert.Equal(c.GetProperty("weight_sum").GetDouble(), optimizer.ScalarState("weight_sum"), 1e-15);
        Assert.Equal(c.GetProperty("lr_max").GetDouble(), optimizer.ScalarState("lr_max"), 1e-15);
        output.WriteLine($"{name}: largest relative difference {worst:E2}");
    }

    private static double Follow(JsonElement c, float[] parameters, Optimizer optimizer)
    {
        var gradients = c.GetProperty("gradients").EnumerateArray().Select(Floats).ToArray();
        var expected = c.GetProperty("parameters").EnumerateArray().ToArray();
        var worst = 0.0;
        for (var t = 0; t < gradients.Length; t++)
        {
            optimizer.Step(parameters, gradients[t]);
            worst = Math.Max(worst, AssertClose(expected[t], parameters, $"{c.GetProperty("case").GetString()}, step {t + 1}"));
        }

        return worst;
    }

    private static double AssertClose(JsonElement expected, float[] actual, string what)
    {
        var worst = 0.0;
        var i = 0;
        foreach (var e in expected.EnumerateArray())
        {
            var theirs = e.GetDouble();
            var relative = Math.Abs(actual[i] - theirs) / Math.Max(Math.Abs(theirs), 1.0);
            Assert.True(relative <= Tolerance, $"{what}, element {i}: SimdOpt {actual[i]:R}, fixture {theirs:R} (relative difference {relative:E2})");
            worst = Math.Max(worst, relative);
            i++;
        }

        Assert.Equal(actual.Length, i);
        return worst;
    }

    private static ParameterLayout Layout(int n) => ParameterLayout.Create(("w", [n]));

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetSingle())];

    private static JsonElement Case(string name) => Cases.Single(c => c.GetProperty("case").GetString() == name);

    private static JsonElement[] Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Optimizers", "Fixtures", "trajectories.json")));
        return [.. document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone())];
    }
}
