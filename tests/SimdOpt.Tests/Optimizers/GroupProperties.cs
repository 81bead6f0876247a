using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Optimizers;

/// <summary>Stepping the whole buffer with parameter groups equals stepping each tensor alone with its group's settings.</summary>
public class GroupProperties
{
    private sealed record Case<TOptions>(TOptions[] GroupOptions, double[] Scales, int[] TensorLengths, int[] TensorGroups, double LearningRate, float[] Parameters, float[] Gradients)
    {
        public override string ToString() =>
            $"lr={LearningRate}, groups=[{string.Join("; ", GroupOptions.Select((o, i) => $"{o} x{Scales[i]}"))}], tensors=[{string.Join(",", TensorLengths)}] in [{string.Join(",", TensorGroups)}]";
    }

    private static Arbitrary<Case<TOptions>> Cases<TOptions>(Gen<TOptions> options) =>
        (from groupOptions in Gen.ArrayOf(options, 3)
         from scales in Gen.ArrayOf(Gen.Elements(1.0, 0.5, 0.0, 3.0), 3)
         from k in Gen.Choose(1, 5)
         from lengths in Gen.ArrayOf(Gen.Choose(1, 150), k)
         from groups in Gen.ArrayOf(Gen.Choose(0, 2), k)
         from lr in Values.LearningRate
         from p in Values.Floats(lengths.Sum())
         from g in Values.Floats(lengths.Sum())
         select new Case<TOptions>(groupOptions, scales, lengths, groups, lr, p, g)).ToArbitrary();

    private static void AssertGroupsEqualSeparateSteps<TOptions>(Case<TOptions> c, Func<ParameterLayout, double, TOptions, IReadOnlyList<ParameterGroup<TOptions>>?, Optimizer> create)
        where TOptions : OptimizerOptions
    {
        var builder = new ParameterLayout.Builder();
        for (var i = 0; i < c.TensorLengths.Length; i++)
        {
            builder.Add($"t{i}", c.TensorLengths[i]);
        }

        var layout = builder.Build();

        // Group 0 is the optimizer's own options; groups 1 and 2 select tensors by their drawn group index.
        var groups = new[] { 1, 2 }
            .Select(k => new ParameterGroup<TOptions>($"g{k}", t => c.TensorGroups[t.Index] == k, c.GroupOptions[k], c.Scales[k]))
            .ToArray();
        var grouped = create(layout, c.LearningRate, c.GroupOptions[0], groups);
        var alone = layout.Tensors
            .Select(t => create(Stepping.SingleTensor(t.Length), c.LearningRate * (c.TensorGroups[t.Index] == 0 ? 1.0 : c.Scales[c.TensorGroups[t.Index]]), c.GroupOptions[c.TensorGroups[t.Index]], null))
            .ToArray();

        var actual = (float[])c.Parameters.Clone();
        var expected = (float[])c.Parameters.Clone();
        var g = new float[layout.TotalLength];
        for (long step = 1; step <= Stepping.Steps; step++)
        {
            Stepping.GradientOfStep(c.Gradients, step, g);
            grouped.Step(actual, g);
            foreach (var t in layout.Tensors)
            {
                alone[t.Index].Step(expected.AsSpan(t.Offset, t.Length), g.AsSpan(t.Offset, t.Length));
            }
        }

        Bits.Equal(expected, actual, $"{c} parameters");
        foreach (var name in grouped.StateNames)
        {
            foreach (var t in layout.Tensors)
            {
                Bits.Equal(alone[t.Index].State(name).Span, grouped.State(name, t.Name), $"{c} state {name} of {t.Name}");
            }
        }
    }

    [Fact]
    public void Adam_groups_equal_each_tensor_alone() =>
        PropertySettings.Check(
            Values.Bool.SelectMany(amsgrad => Values.Bool.SelectMany(decoupled => Cases(
                from beta1 in Values.Beta
                from beta2 in Values.Beta
                from eps in Values.Epsilon
                from wd in Values.WeightDecay
                select new AdamOptions { Beta1 = beta1, Beta2 = beta2, Epsilon = eps, WeightDecay = wd, Amsgrad = amsgrad, DecoupledWeightDecay = decoupled }).Generator)).ToArbitrary(),
            c => AssertGroupsEqualSeparateSteps(c, (l, lr, o, groups) => new Adam(l, lr, o, groups)));

    [Fact]
    public void AdaGrad_groups_equal_each_tensor_alone() =>
        PropertySettings.Check(
            Cases(
                from decay in Gen.Elements(0.0, 0.1)
                from initial in Gen.Elements(0.0, 0.5, 2.0)
                from eps in Values.Epsilon
                from wd in Values.WeightDecay
                select new AdaGradOptions { LearningRateDecay = decay, InitialAccumulatorValue = initial, Epsilon = eps, WeightDecay = wd }),
            c => AssertGroupsEqualSeparateSteps(c, (l, lr, o, groups) => new AdaGrad(l, lr, o, groups)));

    [Fact]
    public void Groups_that_change_the_state_layout_are_rejected()
    {
        var layout = ParameterLayout.Create(("w", [4]), ("b", [2]));
        var group = ParameterGroup<AdamOptions>.ForTensors("bias", new AdamOptions { Amsgrad = true }, "b");
        var error = Assert.Throws<ArgumentException>(() => new Adam(layout, 1e-3, new AdamOptions(), [group]));
        Assert.Contains("bias", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unselected_tensors_use_the_default_options_and_groups_form_contiguous_runs()
    {
        var layout = ParameterLayout.Create(("W1", [3]), ("b1", [1]), ("W2", [2]), ("b2", [1]));
        var noDecayOnBiases = new ParameterGroup<SgdOptions>("biases", t => t.Name.StartsWith('b'), new SgdOptions(), LearningRateScale: 0.5);
        var sgd = new Sgd(layout, 1.0, new SgdOptions { WeightDecay = 0.5 }, [noDecayOnBiases]);
        float[] p = [1, 1, 1, 1, 1, 1, 1];
        float[] g = [0, 0, 0, 2, 0, 0, 2];
        sgd.Step(p, g);
        // Weights: p - 1 * (0 + 0.5 * 1) = 0.5. Biases: p - 0.5 * 2 = 0.
        Assert.Equal([0.5f, 0.5f, 0.5f, 0f, 0.5f, 0.5f, 0f], p);
    }
}
