using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Catalog;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Optimizers;

/// <summary>
/// Every rule of <see cref="RuleCatalog"/>, with random valid hyperparameters drawn from its declared space
/// (<c>FlushSubnormals</c> on or off), over random lengths, offsets and values (zeros, subnormals, huge, tiny, around
/// 2^-126 and around the flush's gradient thresholds), for <see cref="Stepping.Steps"/> steps: the vectorized
/// optimizer's parameters and state equal the scalar reference's bit for bit.
/// </summary>
public class ExactnessProperties
{
    private sealed record Case(RuleSetup Rule, int Offset, float[] Parameters, float[] Gradients)
    {
        public override string ToString() => $"{Rule}, n={Parameters.Length}, offset={Offset}";
    }

    public static TheoryData<string> RuleNames() => [.. RuleCatalog.Rules.Select(r => r.Name)];

    private static Arbitrary<Case> Cases(Gen<RuleSetup> rules) =>
        (from rule in rules
         from n in Values.Length
         from offset in Values.Offset
         from p in Values.Floats(n)
         from g in Values.Floats(n)
         select new Case(rule, offset, p, g)).ToArbitrary();

    internal static void Check(Gen<RuleSetup> rules) =>
        PropertySettings.Check(Cases(rules), c => Stepping.AssertMatchesReference(c.Rule, c.Parameters, c.Gradients, c.Offset));

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Optimizer_matches_reference(string rule) => Check(Rules.For(rule));
}
