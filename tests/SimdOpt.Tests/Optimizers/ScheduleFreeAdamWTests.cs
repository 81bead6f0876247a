using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Reference;
using SimdOpt.State;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Optimizers;

/// <summary>
/// Schedule-Free AdamW beyond the shared suites: hand-computed steps, the train/eval switches (exact against the
/// reference), its scalar state, and stepping in eval mode.
/// </summary>
public class ScheduleFreeAdamWTests
{
    private static readonly ParameterLayout One = ParameterLayout.Create(("w", [1]));

    // beta1 0.5 and beta2 0 (so v = g * g and 1 - beta2^t = 1): with |g| = 1, u = g / (1 + 1e-8) = g exactly in float.
    private static readonly ScheduleFreeAdamWOptions Simple = new() { Beta1 = 0.5, Beta2 = 0 };

    [Fact]
    public void Two_steps_then_eval_and_train_by_hand()
    {
        // lr 0.5, weight_lr_power 2: every weight is 0.25.
        // Step 1 (c = 0.25 / 0.25 = 1, a = 0.5 * (0.5 * 0 - 1) = -0.5, b = 0.5), y = z = 1, g = 1:
        //   y = (1 + 1 * 0) - 0.5 * 1 = 0.5; z = 1 - 0.5 = 0.5.
        // Step 2 (c = 0.25 / 0.5 = 0.5, a = 0.5 * (0.5 * 0.5 - 1) = -0.375), g = -1:
        //   y = (0.5 + 0.5 * 0) + 0.375 = 0.875; z = 0.5 + 0.5 = 1.
        //   The average: x = 0.5 * 0.5 + 0.5 * 1 = 0.75, and y = 0.5 * z + 0.5 * x = 0.875.
        // Eval: x = 0.875 + (1 - 1 / 0.5) * (1 - 0.875) = 0.75. Train: y = 0.75 + 0.5 * (1 - 0.75) = 0.875.
        var optimizer = new ScheduleFreeAdamW(One, 0.5, Simple);
        float[] p = [1f];
        optimizer.Step(p, [1f]);
        Assert.Equal([0.5f], p);
        Assert.Equal(0.5f, optimizer.State("z", "w")[0]);
        optimizer.Step(p, [-1f]);
        Assert.Equal([0.875f], p);
        Assert.Equal(1f, optimizer.State("z", "w")[0]);
        Assert.Equal(1f, optimizer.State("exp_avg_sq", "w")[0]);
        Assert.Equal(0.5, optimizer.ScalarState("weight_sum"));
        Assert.Equal(0.5, optimizer.ScalarState("lr_max"));

        optimizer.Eval(p);
        Assert.Equal(ScheduleFreeMode.Eval, optimizer.Mode);
        Assert.Equal(0.0, optimizer.ScalarState("train_mode"));
        Assert.Equal([0.75f], p);
        optimizer.Train(p);
        Assert.Equal(ScheduleFreeMode.Train, optimizer.Mode);
        Assert.Equal([0.875f], p);
    }

    [Fact]
    public void Weight_decay_is_taken_at_y()
    {
        // lr 0.5, wd 0.5, y = z = 2, g = 0 (so u = 0): the reference's gn = 0 + 0.5 * 2 = 1;
        // y = lerp(2, 2, 1) + 0.5 * (0.5 * 0 - 1) * 1 = 1.5; z = 2 - 0.5 * 1 = 1.5.
        var optimizer = new ScheduleFreeAdamW(One, 0.5, Simple with { WeightDecay = 0.5 });
        float[] p = [2f];
        optimizer.Step(p, [0f]);
        Assert.Equal([1.5f], p);
        Assert.Equal(1.5f, optimizer.State("z", "w")[0]);
    }

    [Fact]
    public void Warm_up_raises_lr_max_and_the_weights()
    {
        // lr 1, warm-up 2, r 1: step 1 lr_t = 0.5, weight = 1 * 0.25; step 2 lr_t = 1, weight = 2 * 1; step 3 weight = 3.
        var optimizer = new ScheduleFreeAdamW(One, 1, Simple with { WarmupSteps = 2, R = 1 });
        float[] p = [1f];
        optimizer.Step(p, [1f]);
        Assert.Equal(0.5, optimizer.ScalarState("lr_max"));
        Assert.Equal(0.25, optimizer.ScalarState("weight_sum"));
        optimizer.Step(p, [1f]);
        optimizer.Step(p, [1f]);
        Assert.Equal(1.0, optimizer.ScalarState("lr_max"));
        Assert.Equal(5.25, optimizer.ScalarState("weight_sum"));
    }

    [Fact]
    public void Stepping_in_eval_mode_throws_before_anything_changes()
    {
        foreach (var policy in Enum.GetValues<NonFiniteGradientPolicy>())
        {
            var layout = AllRules.SmallLayout();
            var optimizer = new ScheduleFreeAdamW(layout, 0.01, nonFiniteGradients: policy);
            var parameters = new ParameterBuffer(layout);
            var gradients = parameters.CreateSibling();
            AllRules.Fill(parameters.Span, 1);
            AllRules.Fill(gradients.Span, 2);
            optimizer.Step(parameters, gradients);
            optimizer.Eval(parameters);
            gradients.Span[3] = float.NaN;
            var before = parameters.Span.ToArray();
            var z = optimizer.State("z").Span.ToArray();
            var weightSum = optimizer.ScalarState("weight_sum");
            var error = Assert.Throws<InvalidOperationException>(() => optimizer.Step(parameters, gradients));
            Assert.Contains("Train", error.Message, StringComparison.Ordinal);
            Assert.Throws<InvalidOperationException>(() => optimizer.PrepareStep(gradients.Span));
            Bits.Equal(before, parameters.Span, "parameters");
            Bits.Equal(z, optimizer.State("z").Span, "z");
            Assert.Equal(1, optimizer.StepCount);
            Assert.Equal(weightSum, optimizer.ScalarState("weight_sum"));
        }
    }

    [Fact]
    public void A_switch_makes_a_prepared_step_stale()
    {
        var layout = AllRules.SmallLayout();
        var optimizer = new ScheduleFreeAdamW(layout, 0.01);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(gradients.Span, 2);
        optimizer.Step(parameters, gradients);
        var step = optimizer.PrepareStep(gradients.Span);
        optimizer.Eval(parameters);
        optimizer.Train(parameters);
        Assert.Throws<InvalidOperationException>(() => optimizer.ApplyStep(step, parameters.Span, gradients.Span, 0, layout.TotalLength));
        Assert.Throws<InvalidOperationException>(() => optimizer.CompleteStep(step));
        Assert.Equal(1, optimizer.StepCount);
    }

    [Fact]
    public void Switches_before_the_first_step_change_only_the_mode()
    {
        var optimizer = new ScheduleFreeAdamW(One, 0.01);
        float[] p = [3f];
        optimizer.Train(p);
        optimizer.Eval(p);
        Assert.Equal(ScheduleFreeMode.Eval, optimizer.Mode);
        Assert.Equal([3f], p);
        optimizer.Eval(p);
        optimizer.Train(p);
        Assert.Equal([3f], p);
    }

    [Fact]
    public void Bad_switch_buffers_throw_before_any_write()
    {
        var layout = AllRules.SmallLayout();
        var optimizer = new ScheduleFreeAdamW(layout, 0.01);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(parameters.Span, 1);
        AllRules.Fill(gradients.Span, 2);
        optimizer.Step(parameters, gradients);
        var before = parameters.Span.ToArray();
        Assert.Throws<ArgumentException>(() => optimizer.Eval(parameters.Span[1..]));
        Assert.Throws<ArgumentException>(() => optimizer.Eval(optimizer.State("exp_avg_sq").Span));
        Assert.Throws<ArgumentException>(() => optimizer.Eval(new ParameterBuffer(ParameterLayout.Create(("x", [layout.TotalLength])))));
        Assert.Throws<ArgumentNullException>(() => optimizer.Eval((ParameterBuffer)null!));
        Assert.Equal(ScheduleFreeMode.Train, optimizer.Mode);
        Bits.Equal(before, parameters.Span, "parameters");
    }

    public static TheoryData<string, Func<Optimizer>> BadHyperparameters()
    {
        var layout = ParameterLayout.Create(("w", [3]));
        return new TheoryData<string, Func<Optimizer>>
        {
            { "Beta1", () => new ScheduleFreeAdamW(layout, 0.1, new ScheduleFreeAdamWOptions { Beta1 = 0 }) },
            { "Beta1", () => new ScheduleFreeAdamW(layout, 0.1, new ScheduleFreeAdamWOptions { Beta1 = 1 }) },
            { "Beta2", () => new ScheduleFreeAdamW(layout, 0.1, new ScheduleFreeAdamWOptions { Beta2 = 1 }) },
            { "Epsilon", () => new ScheduleFreeAdamW(layout, 0.1, new ScheduleFreeAdamWOptions { Epsilon = 0 }) },
            { "WarmupSteps", () => new ScheduleFreeAdamW(layout, 0.1, new ScheduleFreeAdamWOptions { WarmupSteps = -1 }) },
            { "R", () => new ScheduleFreeAdamW(layout, 0.1, new ScheduleFreeAdamWOptions { R = 0.5 }) },
            { "R", () => new ScheduleFreeAdamW(layout, 0.1, new ScheduleFreeAdamWOptions { R = 17 }) },
            { "WeightLrPower", () => new ScheduleFreeAdamW(layout, 0.1, new ScheduleFreeAdamWOptions { WeightLrPower = -2 }) },
            { "WeightLrPower", () => new ScheduleFreeAdamW(layout, 0.1, new ScheduleFreeAdamWOptions { WeightLrPower = double.NaN }) },
            { "WeightDecay", () => new ScheduleFreeAdamW(layout, 0.1, new ScheduleFreeAdamWOptions { WeightDecay = -1 }) },
            { "LearningRate", () => new ScheduleFreeAdamW(layout, double.NaN) },
        };
    }

    [Theory]
    [MemberData(nameof(BadHyperparameters))]
    public void Out_of_range_hyperparameters_are_named(string parameter, Func<Optimizer> create)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(parameter, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Groups_must_share_the_averaging_settings()
    {
        var layout = AllRules.SmallLayout();
        var group = ParameterGroup<ScheduleFreeAdamWOptions>.ForTensors("biases", new ScheduleFreeAdamWOptions { WarmupSteps = 10 }, "b1", "b2");
        var error = Assert.Throws<ArgumentException>(() => new ScheduleFreeAdamW(layout, 0.01, new ScheduleFreeAdamWOptions(), [group]));
        Assert.Contains("biases", error.Message, StringComparison.Ordinal);
        _ = new ScheduleFreeAdamW(layout, 0.01, new ScheduleFreeAdamWOptions(), [ParameterGroup<ScheduleFreeAdamWOptions>.ForTensors("biases", new ScheduleFreeAdamWOptions { Beta1 = 0.5, WeightDecay = 0.1 }, "b1", "b2")]);
    }

    [Fact]
    public void Scalar_state_is_validated_restored_and_reset()
    {
        var optimizer = new ScheduleFreeAdamW(One, 0.5, Simple);
        Assert.Equal(["weight_sum", "lr_max", "train_mode"], optimizer.ScalarStateNames);
        Assert.Equal(1.0, optimizer.ScalarState("train_mode"));
        Assert.Throws<KeyNotFoundException>(() => optimizer.ScalarState("k"));
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.RestoreScalarState("weight_sum", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.RestoreScalarState("lr_max", double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.RestoreScalarState("train_mode", 0.5));
        Assert.Equal(0.0, optimizer.ScalarState("weight_sum"));

        var weightSum = BitConverter.Int64BitsToDouble(0x3FD5_5555_5555_5555);
        optimizer.RestoreScalarState("weight_sum", weightSum);
        optimizer.RestoreScalarState("train_mode", 0);
        Assert.Equal(weightSum, optimizer.ScalarState("weight_sum"));
        Assert.Equal(ScheduleFreeMode.Eval, optimizer.Mode);

        optimizer.Reset();
        Assert.Equal(0.0, optimizer.ScalarState("weight_sum"));
        Assert.Equal(0.0, optimizer.ScalarState("lr_max"));
        Assert.Equal(ScheduleFreeMode.Train, optimizer.Mode);
    }

    [Fact]
    public void A_skipped_step_leaves_the_scalar_state()
    {
        var optimizer = new ScheduleFreeAdamW(One, 0.5, Simple, nonFiniteGradients: NonFiniteGradientPolicy.Skip);
        float[] p = [1f];
        optimizer.Step(p, [1f]);
        Assert.Equal(StepOutcome.Skipped, optimizer.Step(p, [float.NaN]));
        Assert.Equal(0.25, optimizer.ScalarState("weight_sum"));
        var prepared = optimizer.PrepareStep([1f]);
        _ = optimizer.PrepareStep([1f]);
        Assert.Throws<InvalidOperationException>(() => optimizer.CompleteStep(prepared));
        Assert.Equal(0.25, optimizer.ScalarState("weight_sum"));
    }

    [Fact]
    public void A_checkpoint_keeps_the_mode_and_the_scalar_state_exactly()
    {
        var layout = AllRules.SmallLayout();
        var options = new ScheduleFreeAdamWOptions { WarmupSteps = 3, R = 1, WeightDecay = 0.01 };
        var original = new ScheduleFreeAdamW(layout, 0.003, options);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(parameters.Span, 1);
        for (var i = 0; i < 4; i++)
        {
            AllRules.Fill(gradients.Span, 10 + i);
            original.Step(parameters, gradients);
        }

        original.Eval(parameters);
        using var file = new MemoryStream();
        Checkpoint.Save(file, original, parameters);
        file.Position = 0;
        var resumed = new ScheduleFreeAdamW(layout, 0.003, options);
        var loaded = new ParameterBuffer(layout);
        Checkpoint.Load(file, resumed, loaded);

        Assert.Equal(ScheduleFreeMode.Eval, resumed.Mode);
        foreach (var name in original.ScalarStateNames)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(original.ScalarState(name)), BitConverter.DoubleToInt64Bits(resumed.ScalarState(name)));
        }

        Bits.Equal(parameters.Span, loaded.Span, "x");
        original.Train(parameters);
        resumed.Train(loaded);
        AllRules.Fill(gradients.Span, 20);
        original.Step(parameters, gradients);
        resumed.Step(loaded, gradients);
        Bits.Equal(parameters.Span, loaded.Span, "y after one more step");
        Bits.Equal(original.State("z").Span, resumed.State("z").Span, "z after one more step");
    }

    [Fact]
    public void Switches_allocate_nothing()
    {
        var layout = AllRules.SmallLayout();
        var optimizer = new ScheduleFreeAdamW(layout, 0.01);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(gradients.Span, 2);
        optimizer.Step(parameters, gradients);
        Assert.Equal(0, Allocations.Measure(
            () =>
            {
                optimizer.Eval(parameters);
                optimizer.Train(parameters);
            },
            10_000));
    }

    private sealed record SwitchCase(ScheduleFreeAdamWOptions Options, double LearningRate, int Steps, int Offset, float[] Parameters, float[] Gradients)
    {
        public override string ToString() => $"{Options} lr={LearningRate:R}, steps={Steps}, n={Parameters.Length}, offset={Offset}";
    }

    [Fact]
    public void Switches_match_the_reference() =>
        PropertySettings.Check(
            (from rule in Rules.For<ScheduleFreeAdamW>()
             from steps in Gen.Choose(0, 4)
             from n in Values.Length
             from offset in Values.Offset
             from p in Values.Floats(n)
             from g in Values.Floats(n)
             select new SwitchCase((ScheduleFreeAdamWOptions)rule.Options, rule.LearningRate, steps, offset, p, g)).ToArbitrary(),
            c =>
            {
                var n = c.Parameters.Length;
                var optimizer = new ScheduleFreeAdamW(Stepping.SingleTensor(n), c.LearningRate, c.Options);
                var backing = new float[n + 16];
                var actual = backing.AsSpan(c.Offset, n);
                c.Parameters.CopyTo(actual);
                var g = new float[n];
                for (long t = 1; t <= c.Steps; t++)
                {
                    Stepping.GradientOfStep(c.Gradients, t, g);
                    optimizer.Step(actual, g);
                }

                var expected = actual.ToArray();
                var z = optimizer.State("z").Span;
                optimizer.Eval(actual);
                if (c.Steps > 0)
                {
                    ReferenceScheduleFreeAdamW.Eval(expected, z, c.Options);
                }

                Bits.Equal(expected, actual, $"{c}: eval");
                optimizer.Train(actual);
                if (c.Steps > 0)
                {
                    ReferenceScheduleFreeAdamW.Train(expected, z, c.Options);
                }

                Bits.Equal(expected, actual, $"{c}: train");
            });
}
