using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Optimizers;

/// <summary>Every validation path throws its documented exception and leaves parameters and state as they were.</summary>
public class ValidationTests
{
    public static TheoryData<string, Func<Optimizer>> BadHyperparameters()
    {
        var layout = ParameterLayout.Create(("w", [3]));
        return new TheoryData<string, Func<Optimizer>>
        {
            { "LearningRate", () => new Sgd(layout, -1) },
            { "LearningRate", () => new Adam(layout, double.NaN) },
            { "LearningRate", () => new Adam(layout, double.PositiveInfinity) },
            { "WeightDecay", () => new Sgd(layout, 0.1, new SgdOptions { WeightDecay = -0.1 }) },
            { "Momentum", () => new Sgd(layout, 0.1, new SgdOptions { Momentum = 1 }) },
            { "Dampening", () => new Sgd(layout, 0.1, new SgdOptions { Momentum = 0.5, Dampening = 1.5 }) },
            { "Nesterov", () => new Sgd(layout, 0.1, new SgdOptions { Nesterov = true }) },
            { "Nesterov", () => new Sgd(layout, 0.1, new SgdOptions { Momentum = 0.9, Dampening = 0.1, Nesterov = true }) },
            { "Beta", () => new MovingAverageMomentum(layout, 0.1, new MovingAverageMomentumOptions { Beta = 1 }) },
            { "Beta", () => new MovingAverageMomentum(layout, 0.1, new MovingAverageMomentumOptions { Beta = -0.1 }) },
            { "Epsilon", () => new AdaGrad(layout, 0.1, new AdaGradOptions { Epsilon = 0 }) },
            { "LearningRateDecay", () => new AdaGrad(layout, 0.1, new AdaGradOptions { LearningRateDecay = -1 }) },
            { "InitialAccumulatorValue", () => new AdaGrad(layout, 0.1, new AdaGradOptions { InitialAccumulatorValue = double.NaN }) },
            { "Alpha", () => new RmsProp(layout, 0.1, new RmsPropOptions { Alpha = 1.0 }) },
            { "Epsilon", () => new RmsProp(layout, 0.1, new RmsPropOptions { Epsilon = -1e-8 }) },
            { "Momentum", () => new RmsProp(layout, 0.1, new RmsPropOptions { Momentum = double.NaN }) },
            { "Beta1", () => new Adam(layout, 0.1, new AdamOptions { Beta1 = 1.0 }) },
            { "Beta2", () => new Adam(layout, 0.1, new AdamOptions { Beta2 = -0.5 }) },
            { "Epsilon", () => new Adam(layout, 0.1, new AdamOptions { Epsilon = 0 }) },
            { "WeightDecay", () => new Adam(layout, 0.1, AdamOptions.AdamW(double.NaN)) },
            { "Rho", () => new Adadelta(layout, 1.0, new AdadeltaOptions { Rho = 1.5 }) },
            { "Rho", () => new Adadelta(layout, 1.0, new AdadeltaOptions { Rho = double.NaN }) },
            { "Epsilon", () => new Adadelta(layout, 1.0, new AdadeltaOptions { Epsilon = 0 }) },
            { "WeightDecay", () => new Adadelta(layout, 1.0, new AdadeltaOptions { WeightDecay = -1 }) },
            { "LearningRate", () => new Adadelta(layout, -1.0) },
            { "LearningRateScale", () => new Adam(layout, 0.1, null, [new ParameterGroup<AdamOptions>("g", _ => true, new AdamOptions(), -1)]) },
            { "Beta1", () => new Lion(layout, 1e-4, new LionOptions { Beta1 = 1.0 }) },
            { "Beta2", () => new Lion(layout, 1e-4, new LionOptions { Beta2 = double.NaN }) },
            { "WeightDecay", () => new Lion(layout, 1e-4, new LionOptions { WeightDecay = -1 }) },
            { "LearningRate", () => new Lion(layout, double.NegativeInfinity) },
            { "Beta1", () => new Adamax(layout, 0.002, new AdamaxOptions { Beta1 = -0.1 }) },
            { "Beta2", () => new Adamax(layout, 0.002, new AdamaxOptions { Beta2 = 1.0 }) },
            { "Epsilon", () => new Adamax(layout, 0.002, new AdamaxOptions { Epsilon = 0 }) },
            { "WeightDecay", () => new Adamax(layout, 0.002, new AdamaxOptions { WeightDecay = double.PositiveInfinity }) },
            { "Beta1", () => new NAdam(layout, 0.002, new NAdamOptions { Beta1 = 1.0 }) },
            { "Beta2", () => new NAdam(layout, 0.002, new NAdamOptions { Beta2 = -1e-9 }) },
            { "Epsilon", () => new NAdam(layout, 0.002, new NAdamOptions { Epsilon = double.NaN }) },
            { "MomentumDecay", () => new NAdam(layout, 0.002, new NAdamOptions { MomentumDecay = -0.004 }) },
            { "MomentumDecay", () => new NAdam(layout, 0.002, new NAdamOptions { MomentumDecay = double.PositiveInfinity }) },
            { "WeightDecay", () => new NAdam(layout, 0.002, new NAdamOptions { WeightDecay = -0.01, DecoupledWeightDecay = true }) },
            { "LearningRateScale", () => new NAdam(layout, 0.002, null, [new ParameterGroup<NAdamOptions>("g", _ => true, new NAdamOptions(), double.NaN)]) },
            { "Beta1", () => new RAdam(layout, 0.001, new RAdamOptions { Beta1 = 2 }) },
            { "Beta2", () => new RAdam(layout, 0.001, new RAdamOptions { Beta2 = 1.0 }) },
            { "Epsilon", () => new RAdam(layout, 0.001, new RAdamOptions { Epsilon = -1e-8 }) },
            { "WeightDecay", () => new RAdam(layout, 0.001, new RAdamOptions { WeightDecay = double.NaN, DecoupledWeightDecay = true }) },
        };
    }

    [Theory]
    [MemberData(nameof(BadHyperparameters))]
    public void Out_of_range_hyperparameters_are_named(string parameter, Func<Optimizer> create)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(parameter, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Learning_rate_setter_validates()
    {
        var sgd = new Sgd(ParameterLayout.Create(("w", [3])), 0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRate = -0.5);
        Assert.Equal(0.1, sgd.LearningRate);
    }

    /// <summary>Snapshot of everything a step could change.</summary>
    private sealed class Snapshot
    {
        private readonly float[] _parameters;
        private readonly float[][] _states;
        private readonly long _stepCount;
        private readonly double[] _scalars;

        public Snapshot(Optimizer optimizer, ReadOnlySpan<float> parameters)
        {
            _parameters = parameters.ToArray();
            _states = [.. optimizer.StateNames.Select(n => optimizer.State(n).Span.ToArray())];
            _stepCount = optimizer.StepCount;
            _scalars = [.. optimizer.ScalarStateNames.Select(optimizer.ScalarState)];
        }

        public void AssertUnchanged(Optimizer optimizer, ReadOnlySpan<float> parameters)
        {
            Bits.Equal(_parameters, parameters, "parameters");
            for (var i = 0; i < _states.Length; i++)
            {
                Bits.Equal(_states[i], optimizer.State(optimizer.StateNames[i]).Span, optimizer.StateNames[i]);
            }

            Assert.Equal(_stepCount, optimizer.StepCount);
            Assert.Equal(_scalars, optimizer.ScalarStateNames.Select(optimizer.ScalarState));
        }
    }

    private static (Optimizer Optimizer, ParameterBuffer Parameters, ParameterBuffer Gradients) Stepped(string rule, NonFiniteGradientPolicy policy)
    {
        var layout = AllRules.SmallLayout();
        var optimizer = AllRules.Create(rule, layout, policy);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(parameters.Span, 3);
        AllRules.Fill(gradients.Span, 4);
        optimizer.Step(parameters, gradients);
        optimizer.Step(parameters, gradients);
        return (optimizer, parameters, gradients);
    }

    [Theory]
    [MemberData(nameof(AllRules.Names), MemberType = typeof(AllRules))]
    public void Bad_buffers_throw_before_any_write(string rule)
    {
        var (optimizer, parameters, gradients) = Stepped(rule, NonFiniteGradientPolicy.Propagate);
        var snapshot = new Snapshot(optimizer, parameters.Span);
        var n = parameters.Length;

        Assert.Throws<ArgumentException>(() => optimizer.Step(parameters.Span[..^1], gradients.Span[..^1]));
        Assert.Throws<ArgumentException>(() => optimizer.Step(parameters.Span, gradients.Span[1..]));
        var shared = new float[n + 1];
        Assert.Throws<ArgumentException>(() => optimizer.Step(shared.AsSpan(1), shared.AsSpan(0, n)));
        Assert.Throws<ArgumentException>(() => optimizer.Step(parameters.Span, parameters.Span));
        if (optimizer.StateNames.Count > 0)
        {
            var state = optimizer.State(optimizer.StateNames[0]);
            Assert.Throws<ArgumentException>(() => optimizer.Step(state.Span, gradients.Span));
        }

        var other = new ParameterBuffer(ParameterLayout.Create(("x", [n])));
        Assert.Throws<ArgumentException>(() => optimizer.Step(parameters, other));

        var step = optimizer.PrepareStep(gradients.Span);
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.ApplyStep(step, parameters.Span, gradients.Span, n - 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.ApplyStep(step, parameters.Span, gradients.Span, -1, 1));
        var newer = optimizer.PrepareStep(gradients.Span);
        Assert.Throws<InvalidOperationException>(() => optimizer.ApplyStep(step, parameters.Span, gradients.Span, 0, n));
        Assert.Throws<InvalidOperationException>(() => optimizer.CompleteStep(step));
        snapshot.AssertUnchanged(optimizer, parameters.Span);

        optimizer.CompleteStep(newer);
        Assert.Throws<InvalidOperationException>(() => optimizer.ApplyStep(newer, parameters.Span, gradients.Span, 0, n));
    }

    [Theory]
    [MemberData(nameof(AllRules.Names), MemberType = typeof(AllRules))]
    public void Non_finite_gradients_follow_the_policy(string rule)
    {
        foreach (var bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var (thrower, p1, g1) = Stepped(rule, NonFiniteGradientPolicy.Throw);
            g1.Span[^1] = bad;
            var snapshot = new Snapshot(thrower, p1.Span);
            var error = Assert.Throws<NonFiniteGradientException>(() => thrower.Step(p1, g1));
            Assert.Equal(g1.Length - 1, error.Index);
            Assert.Equal("b2", error.TensorName);
            snapshot.AssertUnchanged(thrower, p1.Span);

            var (skipper, p2, g2) = Stepped(rule, NonFiniteGradientPolicy.Skip);
            g2.Span[7] = bad;
            snapshot = new Snapshot(skipper, p2.Span);
            Assert.Equal(StepOutcome.Skipped, skipper.Step(p2, g2));
            snapshot.AssertUnchanged(skipper, p2.Span);

            var (propagator, p3, g3) = Stepped(rule, NonFiniteGradientPolicy.Propagate);
            g3.Span[7] = bad;
            Assert.Equal(StepOutcome.Applied, propagator.Step(p3, g3));
            // Lion's sign bounds its step, so an infinite gradient reaches its momentum rather than its parameter.
            Assert.True(!float.IsFinite(p3.Span[7]) || propagator.StateNames.Any(n => !float.IsFinite(propagator.State(n).Span[7])));
            Assert.Equal(3, propagator.StepCount);
        }
    }

    [Fact]
    public void Unknown_state_names_are_clear_errors()
    {
        var adam = new Adam(AllRules.SmallLayout(), 1e-3);
        var error = Assert.Throws<KeyNotFoundException>(() => adam.State("momentum_buffer"));
        Assert.Contains("exp_avg", error.Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => adam.State("exp_avg", "W9").ToArray());
    }

    [Fact]
    public void Reset_restores_initial_state()
    {
        var layout = AllRules.SmallLayout();
        var optimizer = new AdaGrad(layout, 0.01, new AdaGradOptions { InitialAccumulatorValue = 0.1 });
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(gradients.Span, 4);
        optimizer.Step(parameters, gradients);
        Assert.NotEqual(0.1f, optimizer.State("sum").Span[0]);
        optimizer.Reset();
        Assert.Equal(0, optimizer.StepCount);
        Assert.All(optimizer.State("sum").Span.ToArray(), s => Assert.Equal(0.1f, s));
    }
}
