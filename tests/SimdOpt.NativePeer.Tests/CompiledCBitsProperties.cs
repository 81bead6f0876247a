using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Optimizers;

namespace SimdOpt.NativePeer.Tests;

/// <summary>
/// The compiled-C peers compute what SimdOpt computes: for every rule the benchmarks compare against C, with random
/// hyperparameters of the forms the peers cover, random lengths, offsets and values (zeros, subnormals, huge and
/// tiny magnitudes), over 8 steps on one thread and split over two, the peer's parameters and state equal the
/// scalar reference's bit for bit. Skipped, with the reason, where gcc was missing at build time.
/// </summary>
public class CompiledCBitsProperties
{
    private static readonly int Cases =
        int.TryParse(Environment.GetEnvironmentVariable("SIMDOPT_PROPERTY_CASES"), out var n) && n > 0 ? n : 100;

    private sealed record Case(RuleSetup Rule, int Offset, float[] Parameters, float[] Gradients)
    {
        public override string ToString() => $"{Rule}, n={Parameters.Length}, offset={Offset}";
    }

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void Sgd_plain_momentum_and_nesterov_match_reference(int threads) => Check(Rules.For<SimdOpt.Optimizers.Sgd>(), threads);

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void MovingAverageMomentum_matches_reference(int threads) => Check(Rules.For<SimdOpt.Optimizers.MovingAverageMomentum>(), threads);

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void AdaGrad_matches_reference(int threads) => Check(Rules.For<SimdOpt.Optimizers.AdaGrad>(), threads);

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void RmsProp_matches_reference(int threads) => Check(Rules.For<SimdOpt.Optimizers.RmsProp>(), threads);

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void Adam_amsgrad_and_adamw_match_reference(int threads) => Check(Rules.For<SimdOpt.Optimizers.Adam>(), threads);

    [Fact]
    public void Every_drawn_form_is_one_the_peers_cover()
    {
        // The generators below keep only supported forms; make sure each still draws every rule variant the
        // benchmarks use, so a filter that rejected (almost) everything cannot pass silently.
        var drawn = Gen.Sample(Supported(Gen.OneOf(Rules.For<SimdOpt.Optimizers.Sgd>(), Rules.For<SimdOpt.Optimizers.MovingAverageMomentum>(), Rules.For<SimdOpt.Optimizers.AdaGrad>(), Rules.For<SimdOpt.Optimizers.RmsProp>(), Rules.For<SimdOpt.Optimizers.Adam>())), 2000);
        Assert.Contains(drawn, r => r.Options is SgdOptions { Momentum: 0 });
        Assert.Contains(drawn, r => r.Options is SgdOptions { Momentum: > 0, Nesterov: false });
        Assert.Contains(drawn, r => r.Options is SgdOptions { Nesterov: true });
        Assert.Contains(drawn, r => r.Options is MovingAverageMomentumOptions);
        Assert.Contains(drawn, r => r.Options is AdaGradOptions);
        Assert.Contains(drawn, r => r.Options is RmsPropOptions);
        Assert.Contains(drawn, r => r.Options is AdamOptions { Amsgrad: false, DecoupledWeightDecay: false });
        Assert.Contains(drawn, r => r.Options is AdamOptions { Amsgrad: true });
        Assert.Contains(drawn, r => r.Options is AdamOptions { DecoupledWeightDecay: true, WeightDecay: > 0 });
    }

    private static Gen<RuleSetup> Supported(Gen<RuleSetup> rules) => rules.Where(r => CompiledCSteps.Supports(r.Options));

    private static void Check(Gen<RuleSetup> rules, int threads)
    {
        Skip.IfNot(CompiledC.IsAvailable, CompiledC.UnavailableReason);
        var cases =
            from rule in Supported(rules)
            from n in Values.Length
            from offset in Values.Offset
            from p in Values.Floats(n)
            from g in Values.Floats(n)
            select new Case(rule, offset, p, g);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var peer = new PeerUpdate(c.Rule, c.Parameters.Length, threads);
            ReferenceAssert.Matches(c.Rule, c.Parameters, c.Gradients, peer.Step, peer.State, steps: 8, offset: c.Offset);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true));
    }
}
