using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Precision;
using SimdOpt.Reference;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Precision;

/// <summary>
/// Every rule of SimdOpt.Testing's generators with 8-bit block-wise state, on every lane forced in turn: a layout of a
/// small tensor (float32 state) followed by a quantized one whose head and tail pieces are partial blocks; each step is
/// applied whole or as <c>ApplyStep</c> over random block-aligned ranges in a scrambled order. After every step the
/// parameters, the small tensor's float32 state and the large tensor's codes and scales equal the references' bits.
/// Each case steps over 4,000 elements through the naive reference, so these run a tenth of the usual case count.
/// </summary>
public class Blockwise8BitStateProperties
{
    public sealed record Case(RuleSetup Rule, int Head, float[] Parameters, float[] Gradients, int[] Cuts)
    {
        public override string ToString() => $"{Rule}, head={Head}, n={Parameters.Length}, cuts=[{string.Join(", ", Cuts)}]";
    }

    public static TheoryData<string, string> GeneratorsOnLanes => Lanes.Crossed(RuleGenerators.Names.Where(n => n != nameof(ScheduleFreeAdamW)));

    [Theory]
    [MemberData(nameof(GeneratorsOnLanes))]
    public void Each_rule_with_8_bit_state_matches_the_reference_on_each_lane_and_split(string lane, string rule) =>
        Lanes.Run(lane, () => Prop.ForAll(Cases(RuleGenerators.Get(rule)).ToArbitrary(), Check).Check(PropertySettings.Config.WithMaxTest(Math.Max(10, PropertySettings.Cases / 10))));

    private static Gen<Case> Cases(Gen<RuleSetup> rules) =>
        from rule in rules
        from head in Gen.Choose(1, 300)
        from large in Gen.Choose(OptimizerOptions.DefaultQuantizedTensorMinimumLength, OptimizerOptions.DefaultQuantizedTensorMinimumLength + 700)
        from parameters in Values.Floats(head + large)
        from gradients in Values.Floats(head + large)
        from cutCount in Gen.Choose(0, 4)
        from cuts in Gen.ArrayOf(Gen.Choose(0, (head + large) / Blockwise8BitState.BlockLength), cutCount)
        select new Case(rule, head, parameters, gradients, [.. cuts.Select(c => c * Blockwise8BitState.BlockLength)]);

    private static void Check(Case c)
    {
        var options = ReducedStateCase.WithPrecision(c.Rule.Options, StatePrecision.Blockwise8Bit, seed: null);
        var n = c.Parameters.Length;
        var large = n - c.Head;
        var layout = ParameterLayout.Create(("small", [c.Head]), ("large", [large]));
        var optimizer = ReducedStateCase.Create(options, layout, c.Rule.LearningRate);
        var storage = (Blockwise8BitState)optimizer.ReducedState!;
        var parameters = (float[])c.Parameters.Clone();
        var expected = (float[])c.Parameters.Clone();
        var slots = optimizer.StateNames.Count;
        var smallStates = new float[3][];
        var largeStates = new ReferenceBlockwise8Bit.QuantizedState?[3];
        var floatTwin = ReducedStateCase.Create(c.Rule.Options, layout, c.Rule.LearningRate);
        for (var s = 0; s < 3; s++)
        {
            smallStates[s] = s < slots ? floatTwin.State(optimizer.StateNames[s])["small"].ToArray() : [];
            largeStates[s] = s < slots ? new ReferenceBlockwise8Bit.QuantizedState(large, c.Head, !Blockwise8BitState.UnsignedStateNames.Contains(optimizer.StateNames[s])) : null;
        }

        if (slots > 0 && floatTwin.State(optimizer.StateNames[0])["large"].ToArray().Any(v => v != 0f))
        {
            // A rule whose initial state is not 0 (AdaGrad's initial accumulator): start the reference from its encoding.
            for (var s = 0; s < slots; s++)
            {
                var initial = floatTwin.State(optimizer.StateNames[s])["large"].ToArray();
                var noStep = new ReferenceBFloat16.FloatStep((_, _, s0, _, _) => initial.AsSpan().CopyTo(s0));
                ReferenceBlockwise8Bit.Step(new float[large], new float[large], c.Head, largeStates[s], null, null, noStep);
            }
        }

        var gradients = new float[n];
        var bounds = c.Cuts.Append(0).Append(n).Distinct().Order().ToArray();
        for (long t = 1; t <= Stepping.Steps; t++)
        {
            Stepping.GradientOfStep(c.Gradients, t, gradients);
            ReducedStateDrivers.StepWholeOrReversedRanges(optimizer, parameters, gradients, bounds, t);

            var floatStep = ReducedStateCase.FloatStep(c.Rule, optimizer.StateNames, t);
            floatStep(expected.AsSpan(0, c.Head), gradients.AsSpan(0, c.Head), smallStates[0], smallStates[1], smallStates[2]);
            ReferenceBlockwise8Bit.Step(expected.AsSpan(c.Head), gradients.AsSpan(c.Head), c.Head, largeStates[0], largeStates[1], largeStates[2], floatStep);
            Bits.Equal(expected, parameters, $"step {t}: parameters");
            for (var s = 0; s < slots; s++)
            {
                var name = optimizer.StateNames[s];
                Bits.Equal(smallStates[s], storage.Floats(s), $"step {t}: {name} of the small tensor");
                Bits.Equal(largeStates[s]!.Scales, storage.Scales(s), $"step {t}: {name} scales");
                var codes = storage.Codes(s)[c.Head..].ToArray();
                for (var i = 0; i < large; i++)
                {
                    Assert.True(largeStates[s]!.Codes[i] == codes[i], $"step {t}: {name} code {i}: expected {largeStates[s]!.Codes[i]}, got {codes[i]}");
                }
            }
        }

    }
}
