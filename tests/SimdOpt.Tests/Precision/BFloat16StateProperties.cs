using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Precision;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Precision;

/// <summary>
/// Every rule of SimdOpt.Testing's generators with bfloat16 state (rounded to nearest even, or stochastically with a
/// random seed), on every lane forced in turn, over random lengths and values: each step is applied either whole or as
/// <c>ApplyStep</c> over random disjoint ranges in a scrambled order (a thread split), and after every step the
/// parameters and the encoded state equal <see cref="Reference.ReferenceBFloat16.Step"/> over the rule's reference, bit for bit.
/// </summary>
public class BFloat16StateProperties
{
    public sealed record Case(RuleSetup Rule, ulong? Seed, float[] Parameters, float[] Gradients, int[] Cuts)
    {
        public override string ToString() => $"{Rule}, seed={Seed?.ToString() ?? "none"}, n={Parameters.Length}, cuts=[{string.Join(", ", Cuts)}]";
    }

    /// <summary>Schedule-Free AdamW keeps its z in float32 (its options reject reduced precision; a test below checks that).</summary>
    public static TheoryData<string, string> GeneratorsOnLanes => Lanes.Crossed(RuleGenerators.Names.Where(n => n != nameof(ScheduleFreeAdamW)));

    [Fact]
    public void Schedule_free_adamw_rejects_reduced_precision() =>
        Assert.Equal(
            nameof(OptimizerOptions.StatePrecision),
            Assert.Throws<ArgumentOutOfRangeException>(() => new ScheduleFreeAdamW(Layouts.SingleTensor(4), 1e-3, new ScheduleFreeAdamWOptions { StatePrecision = StatePrecision.BFloat16 })).ParamName);

    [Theory]
    [MemberData(nameof(GeneratorsOnLanes))]
    public void Each_rule_with_bfloat16_state_matches_the_reference_on_each_lane_and_split(string lane, string rule) =>
        Lanes.Run(lane, () => PropertySettings.Check(Cases(RuleGenerators.Get(rule)).ToArbitrary(), Check));

    [Theory]
    [MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public void Step_workers_give_the_bits_of_one_thread(string lane)
    {
        var layout = AllRules.SmallLayout();
        var options = new AdamOptions { Amsgrad = true, StatePrecision = StatePrecision.BFloat16, StochasticRoundingSeed = 7 };
        var single = new Adam(layout, 1e-3, options);
        var split = new Adam(layout, 1e-3, options);
        ReducedStateDrivers.StepOneThreadAndTwo(layout, single, split, lane);
        for (var slot = 0; slot < 3; slot++)
        {
            Assert.Equal(ReducedStateCase.Bits(single, slot), ReducedStateCase.Bits(split, slot));
        }
    }

    private static Gen<Case> Cases(Gen<RuleSetup> rules) =>
        from rule in rules
        from length in Values.Length
        from parameters in Values.Floats(length)
        from gradients in Values.Floats(length)
        from stochastic in Values.Bool
        from seedHigh in Gen.Choose(int.MinValue, int.MaxValue)
        from seedLow in Gen.Choose(int.MinValue, int.MaxValue)
        from cutCount in Gen.Choose(0, 6)
        from cuts in Gen.ArrayOf(Gen.Choose(0, length), cutCount)
        select new Case(rule, stochastic ? ((ulong)(uint)seedHigh << 32) | (uint)seedLow : null, parameters, gradients, cuts);

    private static void Check(Case c)
    {
        var options = ReducedStateCase.WithPrecision(c.Rule.Options, StatePrecision.BFloat16, c.Seed);
        var n = c.Parameters.Length;
        var layout = Layouts.SingleTensor(n);
        var optimizer = ReducedStateCase.Create(options, layout, c.Rule.LearningRate);
        var parameters = (float[])c.Parameters.Clone();
        var expected = (float[])c.Parameters.Clone();
        var slots = optimizer.StateNames.Count;
        var states = new ushort[3][];
        for (var s = 0; s < 3; s++)
        {
            states[s] = s < slots ? ReducedStateCase.Bits(optimizer, s) : [];
        }

        var gradients = new float[n];
        var bounds = c.Cuts.Append(0).Append(n).Distinct().Order().ToArray();
        for (long t = 1; t <= Stepping.Steps; t++)
        {
            Stepping.GradientOfStep(c.Gradients, t, gradients);
            ReducedStateDrivers.StepWholeOrReversedRanges(optimizer, parameters, gradients, bounds, t);

            ReducedStateCase.ReferenceStep(c.Rule, optimizer.StateNames, expected, gradients, states, t, c.Seed);
            Bits.Equal(expected, parameters, $"step {t}: parameters");
            for (var s = 0; s < slots; s++)
            {
                var actual = ReducedStateCase.Bits(optimizer, s);
                var first = FirstDifference(states[s], actual);
                Assert.True(first < 0, $"step {t}: state {optimizer.StateNames[s]} element {first}: expected 0x{(first < 0 ? 0 : states[s][first]):X4}, got 0x{(first < 0 ? 0 : actual[first]):X4}");
            }
        }
    }

    private static int FirstDifference(ushort[] expected, ushort[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                return i;
            }
        }

        return -1;
    }
}
