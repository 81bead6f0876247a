using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Optimizers;

/// <summary>A step split into shards (any cut points, any order) equals the whole-buffer step bit for bit.</summary>
public class ShardingProperties
{
    private sealed record Case(RuleSetup Rule, SplitBuffers Split, bool Reverse, float[] Parameters, float[] Gradients)
    {
        public override string ToString() => $"{Rule}, {Split}, reverse={Reverse}";
    }

    private static Arbitrary<Case> Cases() =>
        (from rule in Rules.Any
         from split in SplitBuffers.Any(maxLength: 200, cuts: 4)
         let n = split.TensorLengths.Sum()
         from reverse in Values.Bool
         from p in Values.Floats(n)
         from g in Values.Floats(n)
         select new Case(rule, split, reverse, p, g)).ToArbitrary();

    [Fact]
    public void Shards_equal_whole_step() =>
        PropertySettings.Check(Cases(), c =>
        {
            var layout = c.Split.Layout();
            var whole = c.Rule.Create(layout, c.Rule.LearningRate);
            var sharded = c.Rule.Create(layout, c.Rule.LearningRate);
            var expected = (float[])c.Parameters.Clone();
            var actual = (float[])c.Parameters.Clone();
            var shards = c.Split.Ranges();
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
                foreach (var (start, length) in shards)
                {
                    sharded.ApplyStep(step, actual, g, start, length);
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
