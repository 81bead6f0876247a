using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Gradients;

/// <summary>
/// The in-kernel 1/k of gradient accumulation: a step prepared for the sum of k micro-batches, applied over any split
/// of the buffer on every lane, equals bit for bit the ordinary step on the mean <c>sum / (float)k</c> computed apart
/// (which the exactness properties hold to the reference), for every rule, parameters and state alike.
/// </summary>
public class SummedStepProperties
{
    private sealed record Case(RuleSetup Rule, SplitBuffers Split, int K, float[] Parameters, float[] Gradients)
    {
        public override string ToString() => $"{Rule}, {Split}, k={K}";
    }

    private static Arbitrary<Case> Cases() =>
        (from rule in Rules.Any
         from split in SplitBuffers.Any()
         let n = split.TensorLengths.Sum()
         from k in Gen.OneOf(Gen.Choose(1, 7), Gen.Elements(3, 10, 1 << 24))
         from p in Values.Floats(n)
         from g in Values.Floats(n)
         select new Case(rule, split, k, p, g)).ToArbitrary();

    [Theory]
    [MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public void A_summed_step_over_any_split_equals_the_step_on_the_mean(string lane) =>
        Lanes.Run(lane, () => PropertySettings.Check(Cases(), c =>
        {
            var layout = c.Split.Layout();
            var onMean = c.Rule.Create(layout, c.Rule.LearningRate);
            var summed = c.Rule.Create(layout, c.Rule.LearningRate);
            var expected = (float[])c.Parameters.Clone();
            var actual = (float[])c.Parameters.Clone();
            var sum = new float[layout.TotalLength];
            var mean = new float[layout.TotalLength];
            for (long t = 1; t <= Stepping.Steps; t++)
            {
                Stepping.GradientOfStep(c.Gradients, t, sum);
                for (var i = 0; i < sum.Length; i++)
                {
                    mean[i] = sum[i] / (float)c.K;
                }

                onMean.Step(expected, mean);
                var step = summed.PrepareSummedStep(sum, c.K);
                foreach (var (start, length) in c.Split.Ranges())
                {
                    summed.ApplyStep(step, actual, sum, start, length);
                }

                summed.CompleteStep(step);
            }

            Bits.Equal(expected, actual, "parameters");
            foreach (var name in onMean.StateNames)
            {
                Bits.Equal(onMean.State(name).Span, summed.State(name).Span, name);
            }
        }));
}
