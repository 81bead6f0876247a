using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Tests.Optimizers;

/// <summary>Each rule pinned to values worked out by hand (chosen so every intermediate is exact in float32).</summary>
public class ExampleTests
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
    public void Sgd_subtracts_the_scaled_gradient() =>
        // 1 - 0.25*0.5 = 0.875; 0.875 - 0.25*0.5 = 0.75; 0.75 - 0.25*(-1) = 1.
        Assert.Equal([0.875f, 0.75f, 1f], Run(new Sgd(One, 0.25), 1f, 0.5f, 0.5f, -1f));

    [Fact]
    public void Sgd_maximize_and_weight_decay() =>
        // g' = -1 + 0.5*2 = 0 -> p stays 2; then g' = -1 + 0.5*2 = 0 again.
        Assert.Equal([2f, 2f], Run(new Sgd(One, 0.5, new SgdOptions { Maximize = true, WeightDecay = 0.5 }), 2f, 1f, 1f));

    [Fact]
    public void Moving_average_momentum_follows_the_course() =>
        // beta 0.5, lr 0.5: v = 0.5, p = 0.75; v = 0.75, p = 0.375; v = 0.375 - 0.5 = -0.125, p = 0.4375.
        Assert.Equal([0.75f, 0.375f, 0.4375f], Run(new MovingAverageMomentum(One, 0.5, new MovingAverageMomentumOptions { Beta = 0.5 }), 1f, 1f, 1f, -1f));

    [Fact]
    public void Pytorch_momentum_starts_from_the_gradient() =>
        // mu 0.5, lr 0.5: b = 1, p = 0.5; b = 1.5, p = -0.25; b = 0.75 - 1 = -0.25, p = -0.125.
        Assert.Equal([0.5f, -0.25f, -0.125f], Run(new Sgd(One, 0.5, new SgdOptions { Momentum = 0.5 }), 1f, 1f, 1f, -1f));

    [Fact]
    public void Nesterov_looks_ahead() =>
        // mu 0.5, lr 0.5: b = 1, d = 1.5, p = 0.25; b = 1.5, d = 1.75, p = -0.625.
        Assert.Equal([0.25f, -0.625f], Run(new Sgd(One, 0.5, new SgdOptions { Momentum = 0.5, Nesterov = true }), 1f, 1f, 1f));

    [Fact]
    public void Dampening_scales_the_gradient_after_the_first_step() =>
        // mu 0.5, dampening 0.5, lr 1: b = 2 (undamped), p = -1; b = 1 + 0.5*2 = 2, p = -3.
        Assert.Equal([-1f, -3f], Run(new Sgd(One, 1, new SgdOptions { Momentum = 0.5, Dampening = 0.5 }), 1f, 2f, 2f));

    [Fact]
    public void AdaGrad_divides_by_the_root_of_the_summed_squares() =>
        // lr 1, lr_decay 1: s = 9, p = 1 - 3/3 = 0; clr = 1/2, s = 25, p = 0 - 0.5*(4/5) = -0.4.
        Assert.Equal([0f, -0.4f], Run(new AdaGrad(One, 1, new AdaGradOptions { LearningRateDecay = 1 }), 1f, 3f, 4f));

    [Fact]
    public void AdaGrad_starts_from_the_initial_accumulator() =>
        // s = 7 + 9 = 16, p = 1 - 3/4 = 0.25.
        Assert.Equal([0.25f], Run(new AdaGrad(One, 1, new AdaGradOptions { InitialAccumulatorValue = 7 }), 1f, 3f));

    [Fact]
    public void RmsProp_divides_by_the_root_of_the_square_average()
    {
        // alpha 0.75, lr 1: v = 0.25*4 = 1, p = 1 - 2/1 = -1; g = 0: v = 0.75, p unchanged.
        var rmsProp = new RmsProp(One, 1, new RmsPropOptions { Alpha = 0.75 });
        Assert.Equal([-1f, -1f], Run(rmsProp, 1f, 2f, 0f));
        Assert.Equal(0.75f, rmsProp.State("square_avg", "w")[0]);
    }

    [Fact]
    public void RmsProp_centered_subtracts_the_squared_mean()
    {
        // alpha 0.5, lr 1: v = 0.5*4 = 2, a = 0.5*2 = 1, d = sqrt(2 - 1) = 1, p = 3 - 2 = 1.
        var rmsProp = new RmsProp(One, 1, new RmsPropOptions { Alpha = 0.5, Centered = true });
        Assert.Equal([1f], Run(rmsProp, 3f, 2f));
        Assert.Equal(1f, rmsProp.State("grad_avg", "w")[0]);
    }

    [Fact]
    public void Adam_bias_corrects_with_the_step_count()
    {
        // beta1 0.5, beta2 0.75, lr 1. Step 1: m = 1, v = 1, bc1 = 0.5, bc2 = 0.25, stepSize = 1, p = 1 - 1/1 = 0.
        // Step 2: m = 1.5, v = 1.75, mHat = 1.5/0.75 = 2, vHat = 1.75/0.4375 = 4, p = 0 - 2/2 = -1 (float rounding aside).
        var adam = new Adam(One, 1, new AdamOptions { Beta1 = 0.5, Beta2 = 0.75 });
        var trace = Run(adam, 1f, 2f, 2f);
        Assert.Equal(0f, trace[0]);
        Assert.Equal(-1f, trace[1], 6e-7f);
        Assert.Equal(1.5f, adam.State("exp_avg", "w")[0]);
        Assert.Equal(1.75f, adam.State("exp_avg_sq", "w")[0]);
    }

    [Fact]
    public void Adam_matches_the_textbook_update_in_double()
    {
        // The textbook rule with 1 - beta^t corrections, in double; our float32 form agrees to float precision.
        var adam = new Adam(One, 0.01);
        double p = 0.5, m = 0, v = 0;
        float[] pf = [0.5f];
        for (var t = 1; t <= 50; t++)
        {
            var g = Math.Sin(t);
            m = (0.9 * m) + (0.1 * g);
            v = (0.999 * v) + (0.001 * g * g);
            p -= 0.01 * (m / (1 - Math.Pow(0.9, t))) / (Math.Sqrt(v / (1 - Math.Pow(0.999, t))) + 1e-8);
            adam.Step(pf, [(float)g]);
        }

        Assert.Equal(p, pf[0], 1e-5);
    }

    [Fact]
    public void AdamW_decays_the_parameter_not_the_gradient()
    {
        // lr 0.5, wd 0.5: p = 2 * (1 - 0.25) = 1.5; g = 0 leaves m = v = 0, so nothing else moves it.
        var adamW = new Adam(One, 0.5, AdamOptions.AdamW(0.5));
        Assert.Equal([1.5f], Run(adamW, 2f, 0f));
    }

    [Fact]
    public void Amsgrad_keeps_the_largest_second_moment()
    {
        var adam = new Adam(One, 0.1, new AdamOptions { Beta2 = 0.5, Amsgrad = true });
        Run(adam, 1f, 4f, 0f);
        // v: 8 then 4; vmax stays 8.
        Assert.Equal(4f, adam.State("exp_avg_sq", "w")[0]);
        Assert.Equal(8f, adam.State("max_exp_avg_sq", "w")[0]);
    }

    [Fact]
    public void Adadelta_scales_by_the_ratio_of_the_two_root_mean_squares()
    {
        // rho 0.25, eps 1, lr 1, p = 1.
        // Step 1, g = 2: v = 0.75*4 = 3; delta = sqrt((0 + 1) / (3 + 1)) * 2 = 1; u = 0.75*1 = 0.75; p = 0.
        // Step 2, g = 1: v = 0.25*3 + 0.75*1 = 1.5; delta = sqrt(1.75 / 2.5) = sqrt(0.7) = 0.8366600265;
        //   u = 0.25*0.75 + 0.75*0.7 = 0.7125; p = -0.8366600265.
        // Step 3, g = 0: delta = 0, p stays; v = 0.375; u = 0.178125.
        var adadelta = new Adadelta(One, 1, new AdadeltaOptions { Rho = 0.25, Epsilon = 1 });
        var trace = Run(adadelta, 1f, 2f, 1f, 0f);
        Assert.Equal(0f, trace[0]);
        Assert.Equal(-0.8366600265f, trace[1], 6);
        Assert.Equal(trace[1], trace[2]);
        Assert.Equal(0.375f, adadelta.State("square_avg", "w")[0]);
        Assert.Equal(0.178125f, adadelta.State("acc_delta", "w")[0], 6);
    }

    [Fact]
    public void Adadelta_first_step_is_about_sqrt_of_eps_over_one_minus_rho()
    {
        // Defaults (rho 0.9, eps 1e-6) at lr 1, g = 10: v = 0.1*100 = 10; delta = sqrt(1e-6 / (10 + 1e-6)) * 10
        // = 3.1622775e-3; p = 1 - delta = 0.99683772; u = 0.1 * delta^2 = 1e-6 * 10 / (10 + 1e-6), 1e-6 to 7 digits.
        var adadelta = new Adadelta(One, Adadelta.DefaultLearningRate);
        Assert.Equal(0.99683772f, Run(adadelta, 1f, 10f)[0], 6);
        Assert.Equal(10f, adadelta.State("square_avg", "w")[0]);
        Assert.Equal(1e-6f, adadelta.State("acc_delta", "w")[0], 9);
    }

    [Fact]
    public void Adadelta_maximize_and_weight_decay_transform_the_gradient_first()
    {
        // maximize, wd 1, rho 0.25, eps 1, p = -3, g = 1: g' = -1 + 1*(-3) = -4; v = 0.75*16 = 12;
        // delta = sqrt(1 / 13) * -4 = -1.1094004; p = -3 + 1.1094004 = -1.8905996.
        var adadelta = new Adadelta(One, 1, new AdadeltaOptions { Rho = 0.25, Epsilon = 1, Maximize = true, WeightDecay = 1 });
        Assert.Equal(-1.8905996f, Run(adadelta, -3f, 1f)[0], 6);
        Assert.Equal(12f, adadelta.State("square_avg", "w")[0]);
    }
}
