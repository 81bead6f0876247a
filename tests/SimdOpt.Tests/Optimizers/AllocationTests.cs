using SimdOpt.Averaging;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Optimizers;

/// <summary>After warm-up, stepping allocates nothing: 10,000 steps of every rule leave the thread's allocation count unchanged.</summary>
[Collection(SerialCollection.Name)]
public class AllocationTests
{
    private const int StepCount = 10_000;

    [Theory]
    [MemberData(nameof(AllRules.Names), MemberType = typeof(AllRules))]
    public void Whole_steps_allocate_nothing(string rule)
    {
        foreach (var policy in Enum.GetValues<NonFiniteGradientPolicy>())
        {
            var layout = AllRules.SmallLayout();
            var optimizer = AllRules.Create(rule, layout, policy);
            var parameters = new ParameterBuffer(layout);
            var gradients = parameters.CreateSibling();
            AllRules.Fill(parameters.Span, 1);
            AllRules.Fill(gradients.Span, 2);
            Assert.Equal(0, Allocations.Measure(() => optimizer.Step(parameters, gradients), StepCount));
            Assert.True(optimizer.StepCount > StepCount);
        }
    }

    [Theory]
    [MemberData(nameof(AllRules.Names), MemberType = typeof(AllRules))]
    public void Steps_with_the_subnormal_flush_allocate_nothing(string rule)
    {
        var layout = AllRules.SmallLayout();
        var optimizer = AllRules.Create(rule, layout, flushSubnormals: true);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(parameters.Span, 1);
        AllRules.Fill(gradients.Span, 2);
        Assert.Equal(0, Allocations.Measure(() => optimizer.Step(parameters, gradients), StepCount));
    }

    [Theory]
    [MemberData(nameof(AllRules.Names), MemberType = typeof(AllRules))]
    public void Sharded_steps_allocate_nothing(string rule)
    {
        var layout = AllRules.SmallLayout();
        var optimizer = AllRules.Create(rule, layout);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(gradients.Span, 2);
        var half = layout.TotalLength / 2;
        void Step()
        {
            var step = optimizer.PrepareStep(gradients.Span);
            optimizer.ApplyStep(step, parameters.Span, gradients.Span, half, layout.TotalLength - half);
            optimizer.ApplyStep(step, parameters.Span, gradients.Span, 0, half);
            optimizer.CompleteStep(step);
        }

        Assert.Equal(0, Allocations.Measure(Step, StepCount));
    }

    [Theory]
    [MemberData(nameof(AllRules.Names), MemberType = typeof(AllRules))]
    public void Steps_that_update_a_weight_average_allocate_nothing(string rule)
    {
        var layout = AllRules.SmallLayout();
        var optimizer = AllRules.Create(rule, layout);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(parameters.Span, 1);
        AllRules.Fill(gradients.Span, 2);
        foreach (var average in new[] { WeightAverage.Exponential(layout, 0.9), WeightAverage.Equal(layout) })
        {
            optimizer.Average = average;
            Assert.Equal(0, Allocations.Measure(() => optimizer.Step(parameters, gradients), StepCount));
            Assert.True(average.Count > StepCount);
        }
    }
}
