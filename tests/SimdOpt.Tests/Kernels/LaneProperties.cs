using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Gradients;
using SimdOpt.Kernels;
using SimdOpt.Parameters;
using SimdOpt.Tests.Averaging;
using SimdOpt.Tests.Gradients;
using SimdOpt.Tests.Optimizers;
using SimdOpt.Tests.Support;
using SimdOpt.Threading;
using Xunit.Abstractions;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// Every lane width checked on every machine: the exactness properties run again with each lane forced
/// (<see cref="Lanes"/>), so the Vector512 lane is checked bit for bit against the reference even where the hardware
/// lacks AVX-512 (it then runs in software) and the narrower lanes are checked where the hardware would skip them.
/// The rules come from SimdOpt.Testing's generators and the <see cref="AllRules"/> table, so a rule added there is
/// covered here without a change.
/// </summary>
public class LaneProperties(ITestOutputHelper output)
{
    public static TheoryData<string> AllLanes => Lanes.All();

    public static TheoryData<string, string> GeneratorsOnLanes => Lanes.Crossed(RuleGenerators.Names);

    public static TheoryData<string, string> VariantsOnLanes => Lanes.Crossed(AllRules.Variants().Select(v => v.Name));

    [Fact]
    public void Every_generator_of_the_testing_package_is_found()
    {
        output.WriteLine($"Lanes: {Lanes.Describe()}; rules: {string.Join(", ", RuleGenerators.Names)}");
        Assert.Contains("Adam", RuleGenerators.Names);
        Assert.True(RuleGenerators.Names.Count() >= 5);
    }

    [Theory]
    [MemberData(nameof(GeneratorsOnLanes))]
    public void Each_rule_matches_the_reference_on_each_lane(string lane, string rule) =>
        Lanes.Run(lane, () => ExactnessProperties.Check(RuleGenerators.Get(rule)));

    /// <summary>
    /// Every variant of the <see cref="AllRules"/> table, stepped on two threads with <see cref="StepWorkers"/> (which hand
    /// the forced lane to their worker) over a buffer of several layers, equals the same steps on the scalar lane alone.
    /// </summary>
    [Theory]
    [MemberData(nameof(VariantsOnLanes))]
    public void Each_variant_on_each_lane_with_step_workers_equals_the_scalar_lane(string lane, string rule)
    {
        var layout = ParameterLayout.Create(("a", [3, 101]), ("b", [1]), ("c", [1031]), ("d", [16, 7]));
        var expected = Stepped(rule, layout, LaneWidth.Scalar.ToString(), workers: null);
        using var workers = new StepWorkers(2, threshold: 1);
        var actual = Stepped(rule, layout, lane, workers);
        Bits.Equal(expected.Parameters, actual.Parameters, $"{rule} on {lane}");
        foreach (var (name, state) in expected.States)
        {
            Bits.Equal(state, actual.States[name], $"{rule} state {name} on {lane}");
        }
    }

    [Theory]
    [MemberData(nameof(AllLanes))]
    public void Gradient_clipping_matches_the_documented_order_on_each_lane(string lane) =>
        Lanes.Run(lane, () =>
        {
            var clipping = new GradientClippingTests();
            for (var length = 0; length <= 300; length++)
            {
                clipping.Clipping_equals_the_documented_scaling_bit_for_bit(NonNegativeInt.NewNonNegativeInt(length), NonNegativeInt.NewNonNegativeInt(length % 16), length, NonNegativeInt.NewNonNegativeInt(length * 7));
                Assert.Equal(Math.Sqrt(NormReference.SumOfSquaresInOrder(NormReference.Values(length, length))), GradientClipping.GlobalNorm(NormReference.Values(length, length)));
            }

            clipping.Large_odd_sizes_clip_as_documented(65_537);
            Prop.ForAll<NonNegativeInt[], int, NonNegativeInt>(clipping.Regions_clip_jointly_and_leave_the_rest_alone).Check(PropertySettings.Config);
        });

    [Theory]
    [MemberData(nameof(AllLanes))]
    public void Averaging_lookahead_and_accumulation_match_their_references_on_each_lane(string lane) =>
        Lanes.Run(lane, () =>
        {
            new WeightAverageTests().Matches_the_reference_bit_for_bit_on_every_length();
            new LookaheadTests().Matches_inner_reference_steps_and_the_reference_sync_bit_for_bit();
            new GradientAccumulatorTests().Equals_the_reference_step_on_the_summed_mean_bit_for_bit();
        });

    private static (float[] Parameters, Dictionary<string, float[]> States) Stepped(string rule, ParameterLayout layout, string lane, StepWorkers? workers)
    {
        var optimizer = AllRules.Create(rule, layout);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        var drawn = new float[layout.TotalLength];
        AllRules.Fill(parameters.Span, 1);
        AllRules.Fill(drawn, 2);
        Lanes.Run(lane, () =>
        {
            for (long t = 1; t <= Stepping.Steps; t++)
            {
                Stepping.GradientOfStep(drawn, t, gradients.Span);
                if (workers is null)
                {
                    optimizer.Step(parameters, gradients);
                }
                else
                {
                    optimizer.Step(parameters, gradients, workers);
                }
            }
        });

        return (parameters.Span.ToArray(), optimizer.StateNames.ToDictionary(n => n, n => optimizer.State(n).Span.ToArray()));
    }
}
