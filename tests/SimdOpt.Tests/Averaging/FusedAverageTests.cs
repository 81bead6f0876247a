using SimdOpt.Averaging;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Averaging;

/// <summary>
/// A weight average attached to an optimizer (<see cref="Optimizer.Average"/>): hand-computed values, skipped steps,
/// and what it refuses before anything changes.
/// </summary>
public class FusedAverageTests
{
    private static readonly ParameterLayout One = Layouts.SingleTensor(1);

    /// <summary>SGD with lr 0.5 and gradient 2 from p = 2: the steps give p = 1, then 0, then -1.</summary>
    private static (Sgd Sgd, ParameterBuffer Parameters, ParameterBuffer Gradients) Descent(WeightAverage average, NonFiniteGradientPolicy policy = NonFiniteGradientPolicy.Propagate)
    {
        var sgd = new Sgd(One, 0.5, nonFiniteGradients: policy) { Average = average };
        var parameters = new ParameterBuffer(One);
        var gradients = parameters.CreateSibling();
        parameters.Span[0] = 2f;
        gradients.Span[0] = 2f;
        return (sgd, parameters, gradients);
    }

    [Fact]
    public void An_exponential_average_with_warm_up_copies_the_first_step_then_decays()
    {
        var ema = WeightAverage.Exponential(One, 0.5);
        var (sgd, p, g) = Descent(ema);
        sgd.Step(p, g);
        Assert.Equal(1f, ema.Average.Span[0]);      // the first step's parameters
        sgd.Step(p, g);
        Assert.Equal(0.5f, ema.Average.Span[0]);    // 0.5 * 1 + 0.5 * 0
        sgd.Step(p, g);
        Assert.Equal(-0.25f, ema.Average.Span[0]);  // 0.5 * 0.5 + 0.5 * -1
        Assert.Equal(3, ema.Count);
        Assert.Equal(-1f, p.Span[0]);
    }

    [Fact]
    public void An_equal_weight_average_is_the_mean_of_the_steps()
    {
        var swa = WeightAverage.Equal(One);
        var (sgd, p, g) = Descent(swa);
        sgd.Step(p, g);
        sgd.Step(p, g);
        sgd.Step(p, g);
        Assert.Equal(0f, swa.Average.Span[0]);      // (1 + 0 - 1) / 3
        sgd.Step(p, g);
        Assert.Equal(-0.5f, swa.Average.Span[0]);   // 0 + (-2 - 0) / 4
        Assert.Equal(4, swa.Count);
    }

    [Fact]
    public void A_skipped_step_leaves_the_average_and_its_count_alone()
    {
        var ema = WeightAverage.Exponential(One, 0.5);
        var (sgd, p, g) = Descent(ema, NonFiniteGradientPolicy.Skip);
        sgd.Step(p, g);
        g.Span[0] = float.NaN;
        Assert.Equal(StepOutcome.Skipped, sgd.Step(p, g));
        Assert.Equal(1f, ema.Average.Span[0]);
        Assert.Equal(1, ema.Count);
    }

    [Fact]
    public void Detaching_the_average_stops_its_updates()
    {
        var ema = WeightAverage.Exponential(One, 0.5);
        var (sgd, p, g) = Descent(ema);
        sgd.Step(p, g);
        sgd.Average = null;
        sgd.Step(p, g);
        Assert.Equal(1f, ema.Average.Span[0]);
        Assert.Equal(1, ema.Count);
        Assert.Null(sgd.Average);
    }

    [Fact]
    public void An_average_of_another_layout_is_refused()
    {
        var sgd = new Sgd(One, 0.5);
        Assert.Throws<ArgumentException>(() => sgd.Average = WeightAverage.Equal(Layouts.SingleTensor(2)));
        Assert.Null(sgd.Average);
    }

    [Fact]
    public void Parameters_or_gradients_that_overlap_the_average_are_refused_before_anything_changes()
    {
        var ema = WeightAverage.Exponential(One, 0.5);
        var (sgd, p, g) = Descent(ema);
        ema.Average.Span[0] = 7f;
        Assert.Throws<ArgumentException>(() => sgd.Step(ema.Average.Span, g.Span));
        Assert.Throws<ArgumentException>(() => sgd.Step(p.Span, ema.Average.Span));
        Assert.Equal(7f, ema.Average.Span[0]);
        Assert.Equal(0, ema.Count);
        Assert.Equal(0, sgd.StepCount);
        Assert.Equal(2f, p.Span[0]);
    }

    [Fact]
    public void Attaching_an_average_makes_a_prepared_step_stale()
    {
        var (sgd, p, g) = Descent(WeightAverage.Exponential(One, 0.5));
        var step = sgd.PrepareStep(g.Span);
        sgd.Average = WeightAverage.Equal(One);
        Assert.Throws<InvalidOperationException>(() => sgd.ApplyStep(step, p.Span, g.Span, 0, 1));
        Assert.Equal(2f, p.Span[0]);
    }
}
