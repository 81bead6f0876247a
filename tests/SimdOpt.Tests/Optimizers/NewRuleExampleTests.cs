using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Tests.Optimizers;

/// <summary>
/// Lion, Adamax, NAdam and RAdam pinned to values worked out by hand (exact in float32 where the comment says so,
/// otherwise to 1e-6 of the exact fraction), and each checked over 50 steps against its textbook form in double.
/// </summary>
public class NewRuleExampleTests
{
    private static readonly ParameterLayout One = ParameterLayout.Create(("w", [1]));

    private static float[] Run(Optimizer optimizer, float start, params float[] gradients)
    {
        float[] p = [start];
        var trace = new float[gradients.Length];
        for (var i = 0; i < gradients.Length; i++)
        {
            optimizer.Step(p, [gradients[i]]);
            trace[i] = p[0];
        }

        return trace;
    }

    [Fact]
    public void Lion_steps_by_the_sign_of_the_interpolation()
    {
        // beta1 0.5, beta2 0.5, lr 0.5, all exact. g = 2: c = 1, p = 1 - 0.5 = 0.5, m = 1.
        // g = -4: c = 0.5 - 2 = -1.5, p = 0.5 + 0.5 = 1, m = 0.5 - 2 = -1.5.
        // g = 3: c = -0.75 + 1.5 = 0.75, p = 0.5, m = -0.75 + 1.5 = 0.75.
        var lion = new Lion(One, 0.5, new LionOptions { Beta1 = 0.5, Beta2 = 0.5 });
        Assert.Equal([0.5f, 1f, 0.5f], Run(lion, 1f, 2f, -4f, 3f));
        Assert.Equal(0.75f, lion.State("exp_avg", "w")[0]);
    }

    [Fact]
    public void Lion_interpolates_with_beta1_but_remembers_with_beta2()
    {
        // beta1 0.5, beta2 0.75, lr 1. g = 4: c = 2, p = 0 - 1 = -1, m = 0.25 * 4 = 1.
        // g = -1.5: c = 0.5 - 0.75 = -0.25, p = -1 + 1 = 0, m = 0.75 - 0.375 = 0.375
        // (had m used beta1, c would be 1 - 0.75 = +0.25 and p would be -2).
        var lion = new Lion(One, 1, new LionOptions { Beta1 = 0.5, Beta2 = 0.75 });
        Assert.Equal([-1f, 0f], Run(lion, 0f, 4f, -1.5f));
        Assert.Equal(0.375f, lion.State("exp_avg", "w")[0]);
    }

    [Fact]
    public void Lion_decays_the_parameter_inside_the_step()
    {
        // lr 0.5, wd 0.5, p = 2, g = 1: d = 1 + 0.5 * 2 = 2, p = 2 - 1 = 1; g = 0, m = 0.01: c > 0, d = 1 + 0.5, p = 0.25.
        var lion = new Lion(One, 0.5, new LionOptions { WeightDecay = 0.5 });
        Assert.Equal([1f, 0.25f], Run(lion, 2f, 1f, 0f));
    }

    [Theory]
    [InlineData(0x0000_0000u, 0x0000_0000u)]
    [InlineData(0x8000_0000u, 0x8000_0000u)]
    [InlineData(0x0000_0000u, 0x8000_0000u)]
    [InlineData(0x8000_0000u, 0x0000_0000u)]
    public void Lion_zero_interpolation_leaves_the_parameter_bits(uint parameterBits, uint gradientBits)
    {
        // sign(+0) = sign(-0) = +0: p - lr * (+0) keeps p's bits, -0 included.
        var parameter = BitConverter.UInt32BitsToSingle(parameterBits);
        var lion = new Lion(One, 0.5);
        var trace = Run(lion, parameter, BitConverter.UInt32BitsToSingle(gradientBits));
        Assert.Equal(BitConverter.SingleToUInt32Bits(parameter), BitConverter.SingleToUInt32Bits(trace[0]));
    }

    [Fact]
    public void Lion_sign_of_nan_is_nan_and_of_infinity_is_one()
    {
        Assert.True(float.IsNaN(Run(new Lion(One, 0.5), 1f, float.NaN)[0]));
        var lion = new Lion(One, 0.5);
        Assert.Equal([0.5f], Run(lion, 1f, float.PositiveInfinity));
        Assert.Equal(float.PositiveInfinity, lion.State("exp_avg", "w")[0]);
        Assert.Equal([1.5f], Run(new Lion(One, 0.5), 1f, float.NegativeInfinity));
    }

    [Fact]
    public void Lion_matches_the_textbook_update_in_double()
    {
        double p = 0.5, m = 0;
        float[] pf = [0.5f];
        var lion = new Lion(One, 1e-3, new LionOptions { WeightDecay = 0.1 });
        for (var t = 1; t <= 50; t++)
        {
            var g = Math.Sin(t);
            p -= 1e-3 * (Math.Sign((0.9 * m) + (0.1 * g)) + (0.1 * p));
            m = (0.99 * m) + (0.01 * g);
            lion.Step(pf, [(float)g]);
        }

        Assert.Equal(p, pf[0], 1e-5);
    }

    [Fact]
    public void Adamax_divides_by_the_decayed_infinity_norm()
    {
        // beta1 0.5, beta2 0.5, eps 1, lr 0.75, all exact.
        // g = 3: m = 1.5, u = max(0, 3 + 1) = 4, stepSize = 0.75 / 0.5 = 1.5, p = 1 - 2.25 / 4 = 0.4375.
        // g = -1: m = 0.25, u = max(0.5 * 4, 1 + 1) = 2 (eps inside the max; max(2, 1) + 1 would be 3),
        // stepSize = 0.75 / 0.75 = 1, p = 0.4375 - 0.25 / 2 = 0.3125.
        var adamax = new Adamax(One, 0.75, new AdamaxOptions { Beta1 = 0.5, Beta2 = 0.5, Epsilon = 1 });
        Assert.Equal([0.4375f, 0.3125f], Run(adamax, 1f, 3f, -1f));
        Assert.Equal(0.25f, adamax.State("exp_avg", "w")[0]);
        Assert.Equal(2f, adamax.State("exp_inf", "w")[0]);
    }

    [Fact]
    public void Adamax_weight_decay_is_added_to_the_gradient()
    {
        // wd 0.5, p = 2, g = 2: g' = 3, then as above: m = 1.5, u = 4, p = 2 - 2.25 / 4 = 1.4375.
        var adamax = new Adamax(One, 0.75, new AdamaxOptions { Beta1 = 0.5, Beta2 = 0.5, Epsilon = 1, WeightDecay = 0.5 });
        Assert.Equal([1.4375f], Run(adamax, 2f, 2f));
    }

    [Fact]
    public void Adamax_matches_the_textbook_update_in_double()
    {
        double p = 0.5, m = 0, u = 0;
        float[] pf = [0.5f];
        var adamax = new Adamax(One, 2e-3);
        for (var t = 1; t <= 50; t++)
        {
            var g = Math.Sin(t);
            m = (0.9 * m) + (0.1 * g);
            u = Math.Max(0.999 * u, Math.Abs(g) + 1e-8);
            p -= 2e-3 / (1 - Math.Pow(0.9, t)) * m / u;
            adamax.Step(pf, [(float)g]);
        }

        Assert.Equal(p, pf[0], 1e-5);
    }

    [Fact]
    public void NAdam_with_a_constant_momentum_schedule()
    {
        // momentum_decay 0: mu_t = beta1 * (1 - 0.5) = 0.25 for beta1 0.5, so P_1 = 1/4, P_2 = 1/16, P_3 = 1/64.
        // beta2 0.75, lr 1, p = 1. g = 2: m = 1, v = 1, vHat = 1 / 0.25 = 4, p = 1 - (0.75/0.75 * 2 + 0.25/(15/16) * 1) / 2 = -2/15.
        // g = 2: m = 1.5, v = 1.75, vHat = 1.75 / 0.4375 = 4, p = -2/15 - (0.75/(15/16) * 2 + 0.25/(63/64) * 1.5) / 2 = -118/105.
        var nadam = new NAdam(One, 1, new NAdamOptions { Beta1 = 0.5, Beta2 = 0.75, MomentumDecay = 0 });
        var trace = Run(nadam, 1f, 2f, 2f);
        Assert.Equal(-2.0 / 15, trace[0], 1e-6);
        Assert.Equal(-118.0 / 105, trace[1], 1e-6);
        Assert.Equal(1.5f, nadam.State("exp_avg", "w")[0]);
        Assert.Equal(1.75f, nadam.State("exp_avg_sq", "w")[0]);
        Assert.Equal(1.0 / 16, nadam.ScalarState("mu_product"));
    }

    [Fact]
    public void NAdam_decoupled_weight_decay_scales_the_parameter()
    {
        // lr 0.5, wd 0.5: p = 2 * (1 - 0.25) = 1.5; g = 0 leaves m = v = 0 and the step adds 0 / eps.
        Assert.Equal([1.5f], Run(new NAdam(One, 0.5, new NAdamOptions { WeightDecay = 0.5, DecoupledWeightDecay = true }), 2f, 0f));
    }

    [Fact]
    public void NAdam_matches_pytorchs_update_in_double()
    {
        // torch.optim.NAdam's algorithm with Math.Pow for 0.96^(t * psi) and the bias corrections.
        double p = 0.5, m = 0, v = 0, product = 1;
        float[] pf = [0.5f];
        var nadam = new NAdam(One, 2e-3, new NAdamOptions { WeightDecay = 0.01 });
        for (var t = 1; t <= 50; t++)
        {
            var g = Math.Sin(t) + (0.01 * p);
            var mu = 0.9 * (1 - (0.5 * Math.Pow(0.96, t * 0.004)));
            var muNext = 0.9 * (1 - (0.5 * Math.Pow(0.96, (t + 1) * 0.004)));
            product *= mu;
            m = (0.9 * m) + (0.1 * g);
            v = (0.999 * v) + (0.001 * g * g);
            var denominator = Math.Sqrt(v / (1 - Math.Pow(0.999, t))) + 1e-8;
            p -= 2e-3 * (((1 - mu) / (1 - product) * g) + (muNext / (1 - (product * muNext)) * m)) / denominator;
            nadam.Step(pf, [(float)Math.Sin(t)]);
        }

        Assert.Equal(p, pf[0], 1e-5);
        Assert.Equal(product, nadam.ScalarState("mu_product"), 1e-15);
    }

    [Fact]
    public void RAdam_steps_like_bias_corrected_momentum_before_the_threshold()
    {
        // beta1 0.5, beta2 0.999 (rho_t <= 5 for t <= 5), lr 1, exact: g = 2: m = 1, p = 1 - 1 / 0.5 = -1;
        // g = 2: m = 1.5, p = -1 - 1.5 / 0.75 = -3; g = -4: m = -1.25, p = -3 + 1.25 / 0.875 = -11/7.
        var radam = new RAdam(One, 1, new RAdamOptions { Beta1 = 0.5 });
        var trace = Run(radam, 1f, 2f, 2f, -4f);
        Assert.Equal(-1f, trace[0]);
        Assert.Equal(-3f, trace[1]);
        Assert.Equal(-11.0 / 7, trace[2], 1e-6);
    }

    [Fact]
    public void RAdam_rectification_starts_after_rho_passes_five()
    {
        for (long t = 1; t <= 5; t++)
        {
            Assert.Null(RAdamRectification.Term(0.999, t));
        }

        Assert.NotNull(RAdamRectification.Term(0.999, 6));
        Assert.Null(RAdamRectification.Term(0.5, 1000)); // rho_inf = 3: never rectified
        Assert.Equal(1.0, RAdamRectification.Term(0.9, 100_000)!.Value, 1e-12); // rho_t -> rho_inf: r_t -> 1
    }

    [Fact]
    public void RAdam_matches_pytorchs_update_in_double()
    {
        // torch.optim.RAdam's algorithm with Math.Pow, over 50 steps: 5 plain, then rectified.
        double p = 0.5, m = 0, v = 0;
        float[] pf = [0.5f];
        var radam = new RAdam(One, 1e-3, new RAdamOptions { WeightDecay = 0.01, DecoupledWeightDecay = true });
        var rhoInf = (2 / (1 - 0.999)) - 1;
        for (var t = 1; t <= 50; t++)
        {
            var g = Math.Sin(t);
            p *= 1 - (1e-3 * 0.01);
            m = (0.9 * m) + (0.1 * g);
            v = (0.999 * v) + (0.001 * g * g);
            var bc1 = 1 - Math.Pow(0.9, t);
            var bc2 = 1 - Math.Pow(0.999, t);
            var rho = rhoInf - (2 * t * Math.Pow(0.999, t) / bc2);
            if (rho > 5)
            {
                var r = Math.Sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
                p -= m / bc1 * 1e-3 * r * Math.Sqrt(bc2) / (Math.Sqrt(v) + 1e-8);
            }
            else
            {
                p -= m / bc1 * 1e-3;
            }

            radam.Step(pf, [(float)g]);
        }

        Assert.Equal(p, pf[0], 1e-5);
    }
}
