using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.State;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.State;

/// <summary>
/// Resuming is exact: k steps, save, load into fresh objects, n more steps equals k + n uninterrupted steps,
/// bit for bit, for every rule with random hyperparameters, with and without parameter groups, under a
/// learning rate that changes every step as a function of the step count (what a schedule does).
/// </summary>
public class CheckpointProperties
{
    private sealed record Case(RuleSetup Rule, ParameterLayout Layout, int K, int N, bool WithParameters, float[] Parameters, float[] Gradients)
    {
        public override string ToString() => $"{Rule}, layout {Layout}, k={K}, n={N}, parameters in file: {WithParameters}";
    }

    /// <summary>The learning rate of step t (1-based): the base rate scaled by a warmup-then-decay curve.</summary>
    internal static double Scheduled(double baseRate, long step) => baseRate * Math.Min(1.0, step / 3.0) / Math.Sqrt(1.0 + step);

    internal static void Train(Optimizer optimizer, Span<float> parameters, ReadOnlySpan<float> drawn, Span<float> gradient, double baseRate, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            var t = optimizer.StepCount + 1;
            ReferenceAssert.GradientOfStep(drawn, t, gradient);
            optimizer.LearningRate = Scheduled(baseRate, t);
            optimizer.Step(parameters, gradient);
        }
    }

    private static Arbitrary<Case> Cases() =>
        (from rule in Rules.Any
         from layout in Layouts.Small(4, 40)
         from k in Gen.Choose(0, 6)
         from n in Gen.Choose(0, 6)
         from withParameters in Values.Bool
         from p in Values.Floats(layout.TotalLength)
         from g in Values.Floats(layout.TotalLength)
         select new Case(rule, layout, k, n, withParameters, p, g)).ToArbitrary();

    private static void AssertResumeIsExact(Case c, Func<ParameterLayout, double, Optimizer> create)
    {
        var gradient = new float[c.Layout.TotalLength];

        var uninterrupted = create(c.Layout, c.Rule.LearningRate);
        var expected = (float[])c.Parameters.Clone();
        Train(uninterrupted, expected, c.Gradients, gradient, c.Rule.LearningRate, c.K + c.N);

        var first = create(c.Layout, c.Rule.LearningRate);
        var parameters = new ParameterBuffer(c.Layout);
        c.Parameters.CopyTo(parameters.Span);
        Train(first, parameters.Span, c.Gradients, gradient, c.Rule.LearningRate, c.K);
        using var file = new MemoryStream();
        Checkpoint.Save(file, first, c.WithParameters ? parameters : null, counter: c.K * 10);

        var resumed = create(c.Layout, 123.0);
        var resumedParameters = new ParameterBuffer(c.Layout);
        if (!c.WithParameters)
        {
            parameters.Span.CopyTo(resumedParameters.Span);
        }

        file.Position = 0;
        var info = Checkpoint.Load(file, resumed, c.WithParameters ? resumedParameters : null);
        Assert.Equal(c.K, info.StepCount);
        Assert.Equal(c.K * 10, info.Counter);
        Assert.Equal(c.WithParameters, info.HasParameters);
        Assert.Equal(file.Length, file.Position);
        Assert.Equal(first.LearningRate, resumed.LearningRate);
        Train(resumed, resumedParameters.Span, c.Gradients, gradient, c.Rule.LearningRate, c.N);

        Bits.Equal(expected, resumedParameters.Span, $"{c}: parameters");
        Assert.Equal(uninterrupted.StepCount, resumed.StepCount);
        foreach (var name in uninterrupted.StateNames)
        {
            Bits.Equal(uninterrupted.State(name).Span, resumed.State(name).Span, $"{c}: state {name}");
        }

        foreach (var name in uninterrupted.ScalarStateNames)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(uninterrupted.ScalarState(name)), BitConverter.DoubleToInt64Bits(resumed.ScalarState(name)));
        }
    }

    [Fact]
    public void Resuming_from_a_checkpoint_equals_training_without_a_break() =>
        PropertySettings.Check(Cases(), c => AssertResumeIsExact(c, c.Rule.Create));

    [Fact]
    public void Resuming_with_parameter_groups_equals_training_without_a_break() =>
        PropertySettings.Check(
            (from c in Cases().Generator
             from beta1 in Values.Beta
             from amsgrad in Values.Bool
             from scale in Gen.Elements(0.0, 0.5, 2.0)
             select (c, beta1, amsgrad, scale)).ToArbitrary(),
            x =>
            {
                var (c, beta1, amsgrad, scale) = x;
                AssertResumeIsExact(c, (layout, lr) => new Adam(
                    layout,
                    lr,
                    new AdamOptions { Amsgrad = amsgrad },
                    [new ParameterGroup<AdamOptions>("odd", t => t.Index % 2 == 1, new AdamOptions { Beta1 = beta1, Amsgrad = amsgrad, WeightDecay = 0.01 }, scale)]));
            });
}
