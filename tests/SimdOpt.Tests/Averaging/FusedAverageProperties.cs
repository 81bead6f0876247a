using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Averaging;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Precision;
using SimdOpt.Reference;
using SimdOpt.Tests.Precision;
using SimdOpt.Tests.Support;
using SimdOpt.Threading;

namespace SimdOpt.Tests.Averaging;

/// <summary>
/// A weight average updated inside the step's own pass (<see cref="Optimizer.Average"/>) equals, bit for bit, the
/// scalar reference <see cref="ReferenceWeightAverage"/> run on the parameters after each step of a twin optimizer
/// without it, for every rule, every kind of average, float32, bfloat16 and 8-bit state (Schedule-Free AdamW: float32
/// only), on every lane, over any split of the buffer (8-bit: whole steps) or on two threads; the step itself
/// (parameters and state) is unchanged by it.
/// </summary>
public class FusedAverageProperties
{
    public enum Kind
    {
        ExponentialWarmUp,
        Exponential,
        Equal,
    }

    public sealed record Case(RuleSetup Rule, SplitBuffers Split, Kind Average, double Decay, StatePrecision Precision, bool Threads, float[] Parameters, float[] Gradients)
    {
        public override string ToString() => $"{Rule}, {Split}, {Average} decay={Decay:R}, {Precision} state, threads={Threads}";
    }

    private static Arbitrary<Case> Cases() =>
        (from rule in Rules.Any
         from split in SplitBuffers.Any()
         from kind in Gen.Elements(Enum.GetValues<Kind>())
         from decay in Values.Beta
         from precision in rule.Rule.Name == nameof(ScheduleFreeAdamW)
             ? Gen.Constant(StatePrecision.Float32) // its options reject reduced precision
             : Gen.Elements(StatePrecision.Float32, StatePrecision.BFloat16, StatePrecision.Blockwise8Bit)
         from threads in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
         let n = split.TensorLengths.Sum()
         from p in Values.Floats(n)
         from g in Values.Floats(n)
         select new Case(rule, split, kind, decay, precision, threads, p, g)).ToArbitrary();

    private static WeightAverage Average(Kind kind, ParameterLayout layout, double decay) => kind switch
    {
        Kind.Equal => WeightAverage.Equal(layout),
        _ => WeightAverage.Exponential(layout, decay, warmUp: kind == Kind.ExponentialWarmUp),
    };

    /// <summary>The reference's update number <paramref name="n"/> of <paramref name="average"/> from <paramref name="parameters"/>.</summary>
    private static void ReferenceUpdate(Kind kind, float[] average, float[] parameters, double decay, long n)
    {
        if (kind == Kind.Equal)
        {
            ReferenceWeightAverage.Equal(average, parameters, n);
        }
        else
        {
            ReferenceWeightAverage.Exponential(average, parameters, decay, kind == Kind.ExponentialWarmUp, n);
        }
    }

    [Theory]
    [MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public void The_fused_average_equals_the_reference_after_every_step(string lane) =>
        Lanes.Run(lane, () => PropertySettings.Check(Cases(), c =>
        {
            var layout = c.Split.Layout();
            var options = ReducedStateCase.WithPrecision(c.Rule.Options, c.Precision, seed: null);
            var plain = ReducedStateCase.Create(options, layout, c.Rule.LearningRate);
            var fused = ReducedStateCase.Create(options, layout, c.Rule.LearningRate);
            var average = Average(c.Average, layout, c.Decay);
            fused.Average = average;

            var expected = new ParameterBuffer(layout);
            var actual = new ParameterBuffer(layout);
            c.Parameters.CopyTo(expected.Span);
            c.Parameters.CopyTo(actual.Span);
            var gradients = new ParameterBuffer(layout);
            var expectedAverage = new float[layout.TotalLength];
            using var workers = c.Threads ? new StepWorkers(2, threshold: 1) : null;
            for (long t = 1; t <= Stepping.Steps; t++)
            {
                Stepping.GradientOfStep(c.Gradients, t, gradients.Span);
                plain.Step(expected, gradients);
                ReferenceUpdate(c.Average, expectedAverage, expected.Span.ToArray(), c.Decay, t);
                if (workers is not null)
                {
                    fused.Step(actual, gradients, workers);
                }
                else
                {
                    // 8-bit state is stepped in ranges of whole blocks only: its cases step the whole buffer at once.
                    var step = fused.PrepareStep(gradients.Span);
                    var ranges = c.Precision == StatePrecision.Blockwise8Bit ? [(0, layout.TotalLength)] : c.Split.Ranges();
                    foreach (var (start, length) in ranges)
                    {
                        fused.ApplyStep(step, actual.Span, gradients.Span, start, length);
                    }

                    fused.CompleteStep(step);
                }

                Bits.Equal(expectedAverage, average.Average.Span, $"average after step {t}");
                Assert.Equal(t, average.Count);
            }

            Bits.Equal(expected.Span, actual.Span, "parameters");
            foreach (var name in plain.StateNames)
            {
                Bits.Equal(plain.State(name).Span, fused.State(name).Span, name);
            }
        }));
}
