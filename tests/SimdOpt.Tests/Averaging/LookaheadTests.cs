using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Reference;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Averaging;

public class LookaheadTests
{
    [Fact]
    public void Syncs_every_k_steps_by_hand()
    {
        var layout = Layouts.SingleTensor(1);
        var p = new ParameterBuffer(layout);
        var g = p.CreateSibling();
        p.Span[0] = 1f;
        g.Span[0] = 1f;
        var lookahead = new Lookahead(new Sgd(layout, 0.25), p, syncPeriod: 2, alpha: 0.5);
        lookahead.Step(p, g);
        Assert.Equal(0.75f, p.Span[0]);                 // fast moved, slow still 1
        lookahead.Step(p, g);                            // fast 0.5, then slow = 1 + 0.5 * (0.5 - 1) = 0.75, fast = slow
        Assert.Equal(0.75f, p.Span[0]);
        Assert.Equal(0.75f, lookahead.SlowWeights.Span[0]);
    }

    [Fact]
    public void Matches_inner_reference_steps_and_the_reference_sync_bit_for_bit()
    {
        var layout = AllRules.SmallLayout();
        var p = new ParameterBuffer(layout);
        var g = p.CreateSibling();
        AllRules.Fill(p.Span, 1);
        var expected = p.Span.ToArray();
        var slow = p.Span.ToArray();
        var velocity = new float[expected.Length];
        var options = new SgdOptions { Momentum = 0.9 };
        var lookahead = new Lookahead(new Sgd(layout, 0.01, options), p, syncPeriod: 3, alpha: 0.3);
        for (var step = 1; step <= 10; step++)
        {
            AllRules.Fill(g.Span, 100 + step);
            lookahead.Step(p, g);
            ReferenceSgd.Step(expected, g.Span, velocity, options, 0.01, step);
            if (step % 3 == 0)
            {
                ReferenceWeightAverage.LookaheadSync(expected, slow, 0.3);
            }

            Bits.Equal(expected, p.Span, $"parameters after step {step}");
            Bits.Equal(slow, lookahead.SlowWeights.Span, $"slow weights after step {step}");
        }
    }

    [Fact]
    public void Bad_settings_are_rejected()
    {
        var layout = Layouts.SingleTensor(4);
        var p = new ParameterBuffer(layout);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lookahead(new Sgd(layout, 0.1), p, syncPeriod: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lookahead(new Sgd(layout, 0.1), p, alpha: 1.5));
        Assert.Throws<ArgumentException>(() => new Lookahead(new Sgd(layout, 0.1), new ParameterBuffer(Layouts.SingleTensor(5))));
    }
}
