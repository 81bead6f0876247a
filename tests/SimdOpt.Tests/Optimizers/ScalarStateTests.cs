using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Optimizers;

/// <summary>Per-optimizer scalar state: NAdam's running momentum product, per parameter group, through steps, skips, resets and restores.</summary>
public class ScalarStateTests
{
    private static readonly ParameterLayout Two = ParameterLayout.Create(("a", [3]), ("b", [4]));

    [Fact]
    public void Rules_without_scalar_state_list_none_and_name_that_in_errors()
    {
        var adam = new Adam(Two, 1e-3);
        Assert.Empty(adam.ScalarStateNames);
        var error = Assert.Throws<KeyNotFoundException>(() => adam.ScalarState("mu_product"));
        Assert.Contains("none", error.Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => adam.RestoreScalarState("mu_product", 1));
    }

    [Fact]
    public void NAdam_keeps_one_momentum_product_per_group()
    {
        var fast = new NAdamOptions { Beta1 = 0.5, MomentumDecay = 0 };
        var nadam = new NAdam(Two, 1e-3, new NAdamOptions { Beta1 = 0.9 }, [new ParameterGroup<NAdamOptions>("fast", t => t.Name == "b", fast)]);
        Assert.Equal(["mu_product", "mu_product/fast"], nadam.ScalarStateNames);
        Assert.All(nadam.ScalarStateNames, n => Assert.Equal(1.0, nadam.ScalarState(n)));
        var p = new float[7];
        var g = new float[7];
        AllRules.Fill(g, 5);
        for (var t = 1; t <= 20; t++)
        {
            nadam.Step(p, g);
        }

        Assert.Equal(NAdamMomentum.Product(0.9, 0.004, 20), nadam.ScalarState("mu_product"));
        Assert.Equal(Math.Pow(0.25, 20), nadam.ScalarState("mu_product/fast"));
        var error = Assert.Throws<KeyNotFoundException>(() => nadam.ScalarState("mu_product/slow"));
        Assert.Contains("mu_product/fast", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NAdam_product_advances_only_when_a_step_completes()
    {
        var nadam = new NAdam(Two, 1e-3, nonFiniteGradients: NonFiniteGradientPolicy.Skip);
        var p = new float[7];
        var g = new float[7];
        AllRules.Fill(g, 6);
        nadam.Step(p, g);
        var afterOne = nadam.ScalarState("mu_product");
        Assert.Equal(NAdamMomentum.Factor(0.9, 0.004, 1), afterOne);

        // Prepared twice and abandoned once: only the completed one counts.
        _ = nadam.PrepareStep(g);
        var step = nadam.PrepareStep(g);
        Assert.Equal(afterOne, nadam.ScalarState("mu_product"));
        nadam.ApplyStep(step, p, g, 0, 7);
        nadam.CompleteStep(step);
        Assert.Equal(NAdamMomentum.Product(0.9, 0.004, 2), nadam.ScalarState("mu_product"));

        // A skipped step leaves it.
        g[3] = float.NaN;
        Assert.Equal(StepOutcome.Skipped, nadam.Step(p, g));
        Assert.Equal(NAdamMomentum.Product(0.9, 0.004, 2), nadam.ScalarState("mu_product"));

        nadam.Reset();
        Assert.Equal(1.0, nadam.ScalarState("mu_product"));
    }

    [Fact]
    public void NAdam_restores_its_product_exactly_and_rejects_impossible_values()
    {
        var nadam = new NAdam(Two, 1e-3);
        var value = BitConverter.Int64BitsToDouble(0x3FE0_0000_0000_0001);
        nadam.RestoreScalarState("mu_product", value);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(nadam.ScalarState("mu_product")));
        foreach (var bad in new[] { -1e-300, 1.0000000000000002, double.NaN, double.PositiveInfinity })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => nadam.RestoreScalarState("mu_product", bad));
            Assert.Contains("mu_product", error.Message, StringComparison.Ordinal);
            Assert.Equal(value, nadam.ScalarState("mu_product"));
        }
    }

    [Fact]
    public void Restoring_scalar_state_invalidates_a_prepared_step()
    {
        var nadam = new NAdam(Two, 1e-3);
        var g = new float[7];
        var step = nadam.PrepareStep(g);
        nadam.RestoreScalarState("mu_product", 0.5);
        Assert.Throws<InvalidOperationException>(() => nadam.CompleteStep(step));
        Assert.Equal(0.5, nadam.ScalarState("mu_product"));
    }

    [Fact]
    public void Resuming_from_restored_state_gives_the_same_bits_as_running_on()
    {
        var layout = AllRules.SmallLayout();
        var p1 = new float[layout.TotalLength];
        var g = new float[layout.TotalLength];
        AllRules.Fill(p1, 1);
        AllRules.Fill(g, 2);
        var first = new NAdam(layout, 2e-3);
        for (var t = 0; t < 7; t++)
        {
            first.Step(p1, g);
        }

        var second = new NAdam(layout, 2e-3);
        foreach (var name in first.StateNames)
        {
            first.State(name).Span.CopyTo(second.State(name).Span);
        }

        second.RestoreStepCount(first.StepCount);
        second.RestoreScalarState("mu_product", first.ScalarState("mu_product"));
        var p2 = (float[])p1.Clone();
        first.Step(p1, g);
        second.Step(p2, g);
        Bits.Equal(p1, p2, "parameters after resuming");
    }
}
