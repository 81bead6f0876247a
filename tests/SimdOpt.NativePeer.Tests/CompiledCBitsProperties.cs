using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Catalog;
using SimdOpt.Optimizers;

namespace SimdOpt.NativePeer.Tests;

/// <summary>
/// The compiled-C peers compute what SimdOpt computes: for every rule registered in <see cref="RuleCatalog"/>, with
/// random hyperparameters of the forms the peers cover, random lengths, offsets and values (zeros, subnormals, huge and
/// tiny magnitudes), over 8 steps on one thread and split over two, the peer's parameters and state equal the
/// scalar reference's bit for bit. A registered rule without a peer fails here by name. Skipped, with the reason,
/// where gcc was missing at build time.
/// </summary>
public class CompiledCBitsProperties
{
    private static readonly int Cases =
        int.TryParse(Environment.GetEnvironmentVariable("SIMDOPT_PROPERTY_CASES"), out var n) && n > 0 ? n : 100;

    private sealed record Case(RuleSetup Rule, int Offset, float[] Parameters, float[] Gradients)
    {
        public override string ToString() => $"{Rule}, n={Parameters.Length}, offset={Offset}";
    }

    /// <summary>Every registered rule's name, on one thread and on two.</summary>
    public static TheoryData<string, int> RegisteredRules()
    {
        var data = new TheoryData<string, int>();
        foreach (var rule in RuleCatalog.Rules)
        {
            data.Add(rule.Name, 1);
            data.Add(rule.Name, 2);
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(RegisteredRules))]
    public void Compiled_C_matches_reference(string rule, int threads)
    {
        Skip.IfNot(CompiledC.IsAvailable, CompiledC.UnavailableReason);
        var cases =
            from setup in Supported(Rules.For(rule))
            from n in Values.Length
            from offset in Values.Offset
            from p in Values.Floats(n)
            from g in Values.Floats(n)
            select new Case(setup, offset, p, g);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var peer = new PeerUpdate(c.Rule, c.Parameters.Length, threads);
            ReferenceAssert.Matches(c.Rule, c.Parameters, c.Gradients, peer.Step, peer.State, steps: 8, offset: c.Offset);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true));
    }

    [Fact]
    public void Every_drawn_form_is_one_the_peers_cover()
    {
        // The generators keep only supported forms; make sure each still draws every rule and every variant the
        // benchmarks use, so a filter that rejected (almost) everything cannot pass silently.
        var drawn = Gen.Sample(Supported(Rules.Any), 4000);
        foreach (var rule in RuleCatalog.Rules)
        {
            Assert.Contains(drawn, r => r.Options.GetType() == rule.OptionsType);
        }

        Assert.Contains(drawn, r => r.Options is SgdOptions { Momentum: 0 });
        Assert.Contains(drawn, r => r.Options is SgdOptions { Momentum: > 0, Nesterov: false });
        Assert.Contains(drawn, r => r.Options is SgdOptions { Nesterov: true });
        Assert.Contains(drawn, r => r.Options is AdamOptions { Amsgrad: false, DecoupledWeightDecay: false });
        Assert.Contains(drawn, r => r.Options is AdamOptions { Amsgrad: true });
        Assert.Contains(drawn, r => r.Options is AdamOptions { DecoupledWeightDecay: true, WeightDecay: > 0 });
        Assert.Contains(drawn, r => r.Options is NAdamOptions { DecoupledWeightDecay: true, WeightDecay: > 0 });
        Assert.Contains(drawn, r => r.Options is RAdamOptions { DecoupledWeightDecay: true, WeightDecay: > 0 });
        Assert.Contains(drawn, r => r.Options is LionOptions { WeightDecay: > 0 });
        Assert.Contains(drawn, r => r.Options is ScheduleFreeAdamWOptions { WeightDecay: > 0 });
    }

    private static Gen<RuleSetup> Supported(Gen<RuleSetup> rules) => rules.Where(r => CompiledCSteps.Supports(r.Options));
}
