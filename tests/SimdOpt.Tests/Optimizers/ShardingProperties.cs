using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Optimizers;

/// <summary>A step split into shards (any cut points, any order) equals the whole-buffer step bit for bit.</summary>
public class ShardingProperties
{
    private sealed record Case(RuleSetup Rule, int[] TensorLengths, int[] Cuts, bool Reverse, float[] Parameters, float[] Gradients)
    {
        public override string ToString() => $"{Rule}, tensors=[{string.Join(",", TensorLengths)}], cuts=[{string.Join(",", Cuts)}], reverse={Reverse}";
    }

    private static Arbitrary<Case> Cases() =>
        (from rule in Rules.Any
         from lengths in Gen.ArrayOf(Gen.Choose(1, 200), 3)
         let n = lengths.Sum()
         from cuts in Gen.ArrayOf(Gen.Choose(0, n), 4)
         from reverse in Values.Bool
         from p in Values.Floats(n)
         from g in Values.Floats(n)
         select new Case(rule, lengths, cuts, reverse, p, g)).ToArbitrary();

    [Fact]
    public void Shards_equal_whole_step() =>
        PropertySettings.Check(Cases(), c =>
        {
            var builder = new ParameterLayout.Builder();
            for (var i = 0; i < c.TensorLengths.Length; i++)
            {
                builder.Add($"t{i}", c.TensorLengths[i]);
            }

            var layout = builder.Build();
            var whole = c.Rule.Create(layout, c.Rule.LearningRate);
            var sharded = c.Rule.Create(layout, c.Rule.LearningRate);
            var expected = (float[])c.Parameters.Clone();
            var actual = (float[])c.Parameters.Clone();
            var bounds = c.Cuts.Append(0).Append(layout.TotalLength).Distinct().Order().ToArray();
            var shards = bounds.Zip(bounds.Skip(1), (from, to) => (from, to)).ToArray();
            if (c.Reverse)
            {
                Array.Reverse(shards);
            }

            var g = new float[layout.TotalLength];
            for (long t = 1; t <= Stepping.Steps; t++)
            {
                Stepping.GradientOfStep(c.Gradients, t, g);
                whole.Step(expected, g);
                var step = sharded.PrepareStep(g);
                foreach (var (from, to) in shards)
                {
                    sharded.ApplyStep(step, actual, g, from, to - from);
                }

                sharded.CompleteStep(step);
            }

            Bits.Equal(expected, actual, $"{c} parameters");
            foreach (var name in whole.StateNames)
            {
                Bits.Equal(whole.State(name).Span, sharded.State(name).Span, $"{c} state {name}");
            }

            Assert.Equal(whole.StepCount, sharded.StepCount);
        });
}
