using System.Text.Json;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Tests.Optimizers;

/// <summary>
/// NAdam, RAdam and Adamax replay trajectories that PyTorch 1.13's <c>torch.optim</c> wrote
/// (<c>tests/fixtures/torch_rules.py</c> -> <c>Optimizers/Fixtures/torch-rules.json</c>; 12 steps, 16 float32 parameters, two
/// hyperparameter sets each). PyTorch orders its float operations differently (<c>lerp</c> for m,
/// <c>sqrt(v / bc2)</c>, <c>addcdiv</c>), so the parameters agree to a tolerance, not to the bit:
/// within <see cref="Tolerance"/> after every step.
/// </summary>
public class PyTorchTrajectoryTests
{
    /// <summary>Absolute tolerance on parameters of magnitude up to about 1.5: a few float32 ulps of accumulated rounding.</summary>
    private const double Tolerance = 2e-6;

    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Optimizers", "Fixtures", "torch-rules.json"))).RootElement.GetProperty("cases");

    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cases.GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static Optimizer Create(JsonElement c, ParameterLayout layout)
    {
        var lr = c.GetProperty("lr").GetDouble();
        var beta1 = c.GetProperty("beta1").GetDouble();
        var beta2 = c.GetProperty("beta2").GetDouble();
        var eps = c.GetProperty("eps").GetDouble();
        var wd = c.GetProperty("weight_decay").GetDouble();
        return c.GetProperty("rule").GetString() switch
        {
            "nadam" => new NAdam(layout, lr, new NAdamOptions { Beta1 = beta1, Beta2 = beta2, Epsilon = eps, WeightDecay = wd, MomentumDecay = c.GetProperty("momentum_decay").GetDouble() }),
            "radam" => new RAdam(layout, lr, new RAdamOptions { Beta1 = beta1, Beta2 = beta2, Epsilon = eps, WeightDecay = wd }),
            "adamax" => new Adamax(layout, lr, new AdamaxOptions { Beta1 = beta1, Beta2 = beta2, Epsilon = eps, WeightDecay = wd }),
            var other => throw new InvalidOperationException($"unknown rule {other} in the fixture"),
        };
    }

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetSingle())];

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Follows_pytorchs_trajectory(int index)
    {
        var c = Cases[index];
        var p = Floats(c.GetProperty("start"));
        var optimizer = Create(c, ParameterLayout.Create(("w", [p.Length])));
        var step = 0;
        foreach (var s in c.GetProperty("steps").EnumerateArray())
        {
            step++;
            optimizer.Step(p, Floats(s.GetProperty("gradient")));
            var expected = Floats(s.GetProperty("parameters"));
            for (var i = 0; i < p.Length; i++)
            {
                Assert.True(Math.Abs(p[i] - expected[i]) <= Tolerance, $"{c.GetProperty("rule")} case {index}, step {step}, element {i}: {p[i]:R} vs PyTorch {expected[i]:R}");
            }
        }

        Assert.Equal(12, step);
    }
}
