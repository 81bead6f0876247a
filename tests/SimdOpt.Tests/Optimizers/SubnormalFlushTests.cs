using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Tests.Optimizers;

/// <summary>
/// <see cref="OptimizerOptions.FlushSubnormals"/> pinned to values worked out by hand, each next to the IEEE
/// result the same inputs give with the option off. Coefficients are powers of two, so every product is exact.
/// </summary>
public class SubnormalFlushTests
{
    private static readonly ParameterLayout One = ParameterLayout.Create(("w", [1]));

    private const float SmallestNormal = 1.17549435E-38f;

    private static float Bits(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    private static uint BitsOf(float value) => BitConverter.SingleToUInt32Bits(value);

    private static Optimizer Stepped(Optimizer optimizer, params float[] gradients)
    {
        float[] p = [1f];
        foreach (var g in gradients)
        {
            optimizer.Step(p, [g]);
        }

        return optimizer;
    }

    private static uint State(Optimizer optimizer, string name) => BitsOf(optimizer.State(name, "w")[0]);

    private static Adam Adam(bool flush, bool amsgrad = false) =>
        new(One, 0.1, new AdamOptions { Beta1 = 0, Beta2 = 0.75, Amsgrad = amsgrad, FlushSubnormals = flush });

    [Fact]
    public void Adam_gradient_just_below_the_threshold_adds_exactly_zero_to_v()
    {
        // c = 1 - 0.75 = 2^-2, so T = sqrt(2^-126 / 2^-2) = 2^-62. g = 2^-62 * (1 - 2^-24):
        // g * g = 2^-124 * (1 - 2^-23) after rounding, c * (g * g) = 2^-126 - 2^-149, the largest subnormal.
        var g = MathF.BitDecrement(MathF.ScaleB(1f, -62));
        Assert.Equal(0u, State(Stepped(Adam(flush: true), g), "exp_avg_sq"));
        Assert.Equal(0x007F_FFFFu, State(Stepped(Adam(flush: false), g), "exp_avg_sq"));
    }

    [Fact]
    public void Adam_gradient_at_or_above_the_threshold_adds_a_normal_term()
    {
        // g = T = 2^-62: c * (g * g) = 2^-2 * 2^-124 = 2^-126 exactly; one ULP above gives 2^-126 * (1 + 2^-22).
        var t = MathF.ScaleB(1f, -62);
        Assert.Equal(0x0080_0000u, State(Stepped(Adam(flush: true), t), "exp_avg_sq"));
        Assert.Equal(0x0080_0000u, State(Stepped(Adam(flush: false), t), "exp_avg_sq"));
        Assert.Equal(0x0080_0002u, State(Stepped(Adam(flush: true), MathF.BitIncrement(t)), "exp_avg_sq"));
    }

    [Fact]
    public void Adam_second_moment_that_decays_below_the_smallest_normal_is_stored_as_zero()
    {
        // Step 1: v = 2^-126 (as above). Step 2 with g = 0: v = 0.75 * 2^-126 = 3 * 2^-128 (0x00600000), subnormal.
        // AMSGrad keeps vmax = 2^-126, which is normal, in both modes.
        var t = MathF.ScaleB(1f, -62);
        var flushed = Stepped(Adam(flush: true, amsgrad: true), t, 0f);
        var ieee = Stepped(Adam(flush: false, amsgrad: true), t, 0f);
        Assert.Equal(0u, State(flushed, "exp_avg_sq"));
        Assert.Equal(0x0060_0000u, State(ieee, "exp_avg_sq"));
        Assert.Equal(0x0080_0000u, State(flushed, "max_exp_avg_sq"));
        Assert.Equal(0x0080_0000u, State(ieee, "max_exp_avg_sq"));
    }

    [Fact]
    public void Adam_first_moment_that_would_be_subnormal_is_stored_as_positive_zero()
    {
        // beta1 0.5: m = 0.5 * (-2^-126) = -2^-127, subnormal (0x80400000); flushed to +0, not -0.
        Optimizer Create(bool flush) => new Adam(One, 0.1, new AdamOptions { Beta1 = 0.5, FlushSubnormals = flush });
        Assert.Equal(0u, State(Stepped(Create(true), -SmallestNormal), "exp_avg"));
        Assert.Equal(0x8040_0000u, State(Stepped(Create(false), -SmallestNormal), "exp_avg"));
    }

    [Fact]
    public void AdaGrad_threshold_is_two_to_the_minus_63()
    {
        // g * g alone: 2^-63 squares to 2^-126; one ULP below squares to 2^-126 - 2^-149 (largest subnormal).
        Optimizer Create(bool flush) => new AdaGrad(One, 0.1, new AdaGradOptions { FlushSubnormals = flush });
        var t = MathF.ScaleB(1f, -63);
        Assert.Equal(0u, State(Stepped(Create(true), MathF.BitDecrement(t)), "sum"));
        Assert.Equal(0x007F_FFFFu, State(Stepped(Create(false), MathF.BitDecrement(t)), "sum"));
        Assert.Equal(0x0080_0000u, State(Stepped(Create(true), t), "sum"));
    }

    [Fact]
    public void AdaGrad_subnormal_initial_accumulator_is_flushed_when_first_stored()
    {
        // s = 1e-39 (subnormal) + 0: stored as 0 with the flush, kept without it.
        Optimizer Create(bool flush) => new AdaGrad(One, 0.1, new AdaGradOptions { InitialAccumulatorValue = 1e-39, FlushSubnormals = flush });
        Assert.Equal(0u, State(Stepped(Create(true), 0f), "sum"));
        Assert.Equal(BitsOf(1e-39f), State(Stepped(Create(false), 0f), "sum"));
    }

    [Fact]
    public void RmsProp_uses_the_alpha_threshold_and_flushes_every_state()
    {
        // alpha 0.75: T = 2^-62 as for Adam. Just below T: square_avg 0 vs the largest subnormal.
        // grad_avg = 0.25 * g is normal here; momentum buffer = g / eps is normal too.
        Optimizer Create(bool flush) => new RmsProp(One, 0.1, new RmsPropOptions { Alpha = 0.75, Centered = true, Momentum = 0.5, FlushSubnormals = flush });
        var g = MathF.BitDecrement(MathF.ScaleB(1f, -62));
        Assert.Equal(0u, State(Stepped(Create(true), g), "square_avg"));
        Assert.Equal(0x007F_FFFFu, State(Stepped(Create(false), g), "square_avg"));

        // g = 2^-126: grad_avg = 2^-128, subnormal.
        Assert.Equal(0u, State(Stepped(Create(true), SmallestNormal), "grad_avg"));
        Assert.Equal(0x0020_0000u, State(Stepped(Create(false), SmallestNormal), "grad_avg"));
    }

    [Fact]
    public void Momentum_buffers_that_would_be_subnormal_are_stored_as_zero()
    {
        // Moving average, beta 0.5: v = 0.5 * 2^-126 = 2^-127. PyTorch momentum: b = g on step 1, a subnormal g.
        Optimizer Average(bool flush) => new MovingAverageMomentum(One, 0.1, new MovingAverageMomentumOptions { Beta = 0.5, FlushSubnormals = flush });
        Assert.Equal(0u, State(Stepped(Average(true), SmallestNormal), "velocity"));
        Assert.Equal(0x0040_0000u, State(Stepped(Average(false), SmallestNormal), "velocity"));

        Optimizer Nesterov(bool flush) => new Sgd(One, 0.1, new SgdOptions { Momentum = 0.5, Nesterov = true, FlushSubnormals = flush });
        Assert.Equal(0u, State(Stepped(Nesterov(true), Bits(5)), "momentum_buffer"));
        Assert.Equal(5u, State(Stepped(Nesterov(false), Bits(5)), "momentum_buffer"));
    }

    [Fact]
    public void Parameters_are_never_flushed_and_plain_sgd_is_unchanged()
    {
        // p = 2^-127 - 1 * 0 stays subnormal; plain SGD gives the same subnormal either way.
        foreach (var flush in new[] { false, true })
        {
            float[] p = [Bits(0x0040_0000)];
            new Sgd(One, 1, new SgdOptions { FlushSubnormals = flush }).Step(p, [Bits(3)]);
            Assert.Equal(0x0040_0000u - 3u, BitsOf(p[0]));

            float[] q = [Bits(0x0040_0000)];
            new Adam(One, 0.1, new AdamOptions { FlushSubnormals = flush }).Step(q, [0f]);
            Assert.Equal(0x0040_0000u, BitsOf(q[0]));
        }
    }

    [Fact]
    public void Nan_gradients_still_propagate()
    {
        var adam = new Adam(One, 0.1, new AdamOptions { FlushSubnormals = true });
        float[] p = [1f];
        adam.Step(p, [float.NaN]);
        Assert.True(float.IsNaN(p[0]));
        Assert.True(float.IsNaN(adam.State("exp_avg_sq", "w")[0]));
    }
}
