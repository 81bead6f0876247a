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

    private static readonly Dictionary<string, Func<ParameterLayout, Optimizer>> Flushing = new()
    {
        ["sgd nesterov"] = l => new Sgd(l, 0.01, new SgdOptions { Momentum = 0.9, Nesterov = true, FlushSubnormals = true }),
        ["moving-average momentum"] = l => new MovingAverageMomentum(l, 0.01, new MovingAverageMomentumOptions { FlushSubnormals = true }),
        ["adagrad"] = l => new AdaGrad(l, 0.01, new AdaGradOptions { FlushSubnormals = true }),
        ["rmsprop centered momentum"] = l => new RmsProp(l, 0.01, new RmsPropOptions { Centered = true, Momentum = 0.9, FlushSubnormals = true }),
        ["adam amsgrad"] = l => new Adam(l, 0.001, new AdamOptions { Amsgrad = true, FlushSubnormals = true }),
        ["lion"] = l => new Lion(l, 1e-4, new LionOptions { FlushSubnormals = true }),
        ["adamax"] = l => new Adamax(l, 0.002, new AdamaxOptions { FlushSubnormals = true }),
        ["nadam"] = l => new NAdam(l, 0.002, new NAdamOptions { FlushSubnormals = true }),
        ["radam"] = l => new RAdam(l, 0.001, new RAdamOptions { FlushSubnormals = true }),
        ["adadelta"] = l => new Adadelta(l, 1.0, new AdadeltaOptions { FlushSubnormals = true }),
        ["schedule-free adamw"] = l => new ScheduleFreeAdamW(l, 0.001, new ScheduleFreeAdamWOptions { WeightDecay = 0.01, FlushSubnormals = true }),
    };

    public static TheoryData<string> FlushingNames() => [.. Flushing.Keys];

    [Theory]
    [MemberData(nameof(FlushingNames))]
    public void Steps_with_the_subnormal_flush_allocate_nothing(string rule)
    {
        var layout = AllRules.SmallLayout();
        var optimizer = Flushing[rule](layout);
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
}
