using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Averaging;
using SimdOpt.Parameters;
using SimdOpt.Reference;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Averaging;

public class WeightAverageTests
{
    private static readonly ParameterLayout Pair = Layouts.SingleTensor(2);

    [Fact]
    public void Exponential_with_warm_up_copies_first_then_decays()
    {
        var p = new ParameterBuffer(Pair);
        var ema = WeightAverage.Exponential(Pair, 0.5);
        p.Span[0] = 2f;
        p.Span[1] = -4f;
        ema.Update(p);
        Assert.Equal([2f, -4f], ema.Average.Span.ToArray());
        p.Span[0] = 4f;
        p.Span[1] = 0f;
        ema.Update(p);
        Assert.Equal([3f, -2f], ema.Average.Span.ToArray());
        Assert.Equal(2, ema.Count);
    }

    [Fact]
    public void Exponential_from_zero_debiases_as_optax()
    {
        var p = new ParameterBuffer(Pair);
        var ema = WeightAverage.Exponential(Pair, 0.5, warmUp: false);
        p.Span.Fill(2f);
        ema.Update(p);
        Assert.Equal(1f, ema.Average.Span[0]);          // 0.5 * 0 + 0.5 * 2
        var debiased = new float[2];
        ema.CopyDebiasedTo(debiased);
        Assert.Equal(2f, debiased[0]);                  // 1 / (1 - 0.5)
        ema.Update(p);
        Assert.Equal(1.5f, ema.Average.Span[0]);        // 0.5 * 1 + 0.5 * 2
        ema.CopyDebiasedTo(debiased);
        Assert.Equal(2f, debiased[0]);                  // 1.5 / (1 - 0.25)
    }

    [Fact]
    public void Equal_weights_average_every_update()
    {
        var p = new ParameterBuffer(Pair);
        var swa = WeightAverage.Equal(Pair);
        foreach (var v in new[] { 1f, 2f, 6f })
        {
            p.Span.Fill(v);
            swa.Update(p);
        }

        Assert.Equal(3f, swa.Average.Span[1]);
    }

    [Fact]
    public void Matches_the_reference_bit_for_bit_on_every_length()
    {
        var cases =
            from n in Values.Length
            from kind in Gen.Choose(0, 2)
            from decay in Values.Beta
            from updates in Gen.Choose(1, 5)
            from values in Gen.ArrayOf(Values.Float, n * updates)
            select (n, kind, decay, updates, values);
        PropertySettings.Check(cases.ToArbitrary(), c =>
        {
            var layout = Layouts.SingleTensor(c.n);
            var average = c.kind == 2 ? WeightAverage.Equal(layout) : WeightAverage.Exponential(layout, c.decay, warmUp: c.kind == 1);
            var expected = new float[c.n];
            var p = new ParameterBuffer(layout);
            for (var u = 0; u < c.updates; u++)
            {
                var slice = c.values.AsSpan(u * c.n, c.n);
                slice.CopyTo(p.Span);
                average.Update(p);
                if (c.kind == 2)
                {
                    ReferenceWeightAverage.Equal(expected, slice, u + 1);
                }
                else
                {
                    ReferenceWeightAverage.Exponential(expected, slice, c.decay, c.kind == 1, u + 1);
                }
            }

            Bits.Equal(expected, average.Average.Span, $"kind {c.kind}");
        });
    }

    [Fact]
    public void Bad_input_throws_before_anything_changes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightAverage.Exponential(Pair, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WeightAverage.Exponential(Pair, double.NaN));
        var ema = WeightAverage.Exponential(Pair, 0.9);
        Assert.Throws<ArgumentException>(() => ema.Update(new float[3]));
        Assert.Throws<ArgumentException>(() => ema.Update(new ParameterBuffer(Layouts.SingleTensor(3))));
        Assert.Throws<ArgumentException>(() => ema.Update(ema.Average.Span));
        Assert.Equal(0, ema.Count);
    }

    [Fact]
    public void Updates_allocate_nothing()
    {
        var layout = Layouts.SingleTensor(1000);
        var p = new ParameterBuffer(layout);
        var ema = WeightAverage.Exponential(layout, 0.99);
        var swa = WeightAverage.Equal(layout);
        Assert.Equal(0, Allocations.Measure(() => { ema.Update(p); swa.Update(p); }, 100));
    }
}
