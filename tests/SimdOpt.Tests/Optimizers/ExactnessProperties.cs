using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Optimizers;

/// <summary>
/// Every rule, with random valid hyperparameters (<c>FlushSubnormals</c> on or off), over random lengths, offsets
/// and values (zeros, subnormals, huge, tiny, around 2^-126 and around the flush's gradient thresholds), for
/// <see cref="Stepping.Steps"/> steps: the vectorized optimizer's parameters and state equal the scalar reference's
/// bit for bit.
/// </summary>
public class ExactnessProperties
{
    private sealed record Case(RuleSetup Rule, int Offset, float[] Parameters, float[] Gradients)
    {
        public override string ToString() => $"{Rule}, n={Parameters.Length}, offset={Offset}";
    }

    private static Arbitrary<Case> Cases(Gen<RuleSetup> rules) =>
        (from rule in rules
         from n in Values.Length
         from offset in Values.Offset
         from p in Values.Floats(n)
         from g in Values.Floats(n)
         select new Case(rule, offset, p, g)).ToArbitrary();

    internal static void Check(Gen<RuleSetup> rules) =>
        PropertySettings.Check(Cases(rules), c => Stepping.AssertMatchesReference(c.Rule, c.Parameters, c.Gradients, c.Offset));

    [Fact]
    public void Sgd_matches_reference() => Check(Rules.Sgd);

    [Fact]
    public void MovingAverageMomentum_matches_reference() => Check(Rules.MovingAverageMomentum);

    [Fact]
    public void AdaGrad_matches_reference() => Check(Rules.AdaGrad);

    [Fact]
    public void RmsProp_matches_reference() => Check(Rules.RmsProp);

    [Fact]
    public void Adam_matches_reference() => Check(Rules.Adam);

    [Fact]
    public void Lion_matches_reference() => Check(Rules.Lion);

    [Fact]
    public void Adamax_matches_reference() => Check(Rules.Adamax);

    [Fact]
    public void NAdam_matches_reference() => Check(Rules.NAdam);

    [Fact]
    public void RAdam_matches_reference() => Check(Rules.RAdam);

    [Fact]
    public void Adadelta_matches_reference() => Check(Rules.Adadelta);

    [Fact]
    public void ScheduleFreeAdamW_matches_reference() => Check(Rules.ScheduleFreeAdamW);
}
