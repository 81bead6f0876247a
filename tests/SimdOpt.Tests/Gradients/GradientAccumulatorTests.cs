using SimdOpt.Gradients;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Reference;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Gradients;

public class GradientAccumulatorTests
{
    [Fact]
    public void Three_micro_batches_step_with_their_mean()
    {
        var layout = Layouts.SingleTensor(2);
        var p = new ParameterBuffer(layout);
        var accumulator = new GradientAccumulator(layout, 3);
        accumulator.Add([1f, -0f]);
        accumulator.Add([2f, -0f]);
        Assert.False(accumulator.IsReady);
        accumulator.Add([6f, -0f]);
        Assert.Equal([9f, -0f], accumulator.Sum.ToArray());   // -0 stays -0: the first micro-batch is copied
        var sgd = new Sgd(layout, 1.0);
        Assert.Equal(StepOutcome.Applied, accumulator.Step(sgd, p));
        Assert.Equal([-3f, 0f], p.Span.ToArray());
        Assert.Equal(0, accumulator.Count);
        Assert.Equal(1, sgd.StepCount);
    }

    [Fact]
    public void Equals_the_reference_step_on_the_summed_mean_bit_for_bit()
    {
        var layout = AllRules.SmallLayout();
        var p = new ParameterBuffer(layout);
        AllRules.Fill(p.Span, 7);
        var expected = p.Span.ToArray();
        var m = new float[expected.Length];
        var v = new float[expected.Length];
        var options = new AdamOptions();
        var adam = new Adam(layout, 0.01, options);
        var accumulator = new GradientAccumulator(layout, 4);
        var micro = new float[expected.Length];
        for (var step = 1; step <= 3; step++)
        {
            var mean = new float[expected.Length];
            for (var k = 0; k < 4; k++)
            {
                AllRules.Fill(micro, (step * 10) + k);
                accumulator.Add(micro);
                for (var i = 0; i < mean.Length; i++)
                {
                    mean[i] = k == 0 ? micro[i] : mean[i] + micro[i];
                }
            }

            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] /= 4f;
            }

            accumulator.Step(adam, p);
            ReferenceAdam.Step(expected, mean, m, v, [], options, 0.01, step);
            Bits.Equal(expected, p.Span, $"step {step}");
        }
    }

    [Fact]
    public void Non_finite_micro_batches_follow_the_policy()
    {
        var layout = Layouts.SingleTensor(3);
        var skip = new GradientAccumulator(layout, 2, NonFiniteGradientPolicy.Skip);
        Assert.Equal(StepOutcome.Applied, skip.Add([1f, 1f, 1f]));
        Assert.Equal(StepOutcome.Skipped, skip.Add([1f, float.NaN, 1f]));
        Assert.Equal(1, skip.Count);

        var strict = new GradientAccumulator(layout, 2, NonFiniteGradientPolicy.Throw);
        strict.Add([1f, 2f, 3f]);
        var e = Assert.Throws<NonFiniteGradientException>(() => strict.Add([1f, 1f, float.PositiveInfinity]));
        Assert.Equal(2, e.Index);
        Assert.Equal([1f, 2f, 3f], strict.Sum.ToArray());
        Assert.Equal(1, strict.Count);

        var propagate = new GradientAccumulator(layout, 2);
        propagate.Add([1f, 2f, 3f]);
        propagate.Add([float.NaN, 0f, 0f]);
        Assert.True(float.IsNaN(propagate.Sum[0]));
    }

    [Fact]
    public void A_throwing_step_leaves_the_window_and_the_parameters_unchanged()
    {
        var layout = Layouts.SingleTensor(2);
        var p = new ParameterBuffer(layout);
        var accumulator = new GradientAccumulator(layout, 2);
        accumulator.Add([1f, float.NaN]);
        accumulator.Add([3f, 1f]);
        var strictSgd = new Sgd(layout, 1.0, nonFiniteGradients: NonFiniteGradientPolicy.Throw);
        Assert.Throws<NonFiniteGradientException>(() => accumulator.Step(strictSgd, p));
        Assert.Equal(4f, accumulator.Sum[0]);            // not divided
        Assert.True(accumulator.IsReady);
        Assert.Equal([0f, 0f], p.Span.ToArray());
        Assert.Throws<InvalidOperationException>(() => accumulator.Add([1f, 1f]));
        Assert.Throws<InvalidOperationException>(() => new GradientAccumulator(layout, 2).Step(strictSgd, p));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientAccumulator(layout, 0));
    }

    [Fact]
    public void Accumulating_and_stepping_allocate_nothing()
    {
        var layout = Layouts.SingleTensor(1000);
        var p = new ParameterBuffer(layout);
        var g = new float[1000];
        var sgd = new Sgd(layout, 0.01);
        var accumulator = new GradientAccumulator(layout, 2);
        Assert.Equal(0, Allocations.Measure(() => { accumulator.Add(g); accumulator.Add(g); accumulator.Step(sgd, p); }, 100));
    }
}
