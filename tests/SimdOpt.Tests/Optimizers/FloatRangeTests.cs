using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Catalog;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Optimizers;

/// <summary>
/// Hyperparameters are valid only if every float32 scalar the kernel uses is: an epsilon that rounds to 0 or a
/// rate that rounds to infinity is rejected (at construction when the options decide it, at the step otherwise),
/// before anything is written.
/// </summary>
public class FloatRangeTests
{
    private static readonly ParameterLayout Layout = ParameterLayout.Create(("w", [7]), ("b", [3]));

    public static TheoryData<string, Func<Optimizer>> RejectedAtConstruction() => new()
    {
        { "Epsilon", () => new Adam(Layout, 0.1, new AdamOptions { Epsilon = 1e-50 }) },
        { "Epsilon", () => new Adam(Layout, 0.1, new AdamOptions { Epsilon = 1e-44 }) }, // eps * sqrt(1 - 0.999) rounds to 0
        { "Epsilon", () => new RmsProp(Layout, 0.1, new RmsPropOptions { Epsilon = 1e-50 }) },
        { "Epsilon", () => new AdaGrad(Layout, 0.1, new AdaGradOptions { Epsilon = 1e-46 }) },
        { "Epsilon", () => new Adam(Layout, 0.1, new AdamOptions { Epsilon = 1e39 }) },
        { "LearningRate", () => new Sgd(Layout, 1e39) },
        { "LearningRate", () => new Adam(Layout, double.MaxValue) },
        { "WeightDecay", () => new Sgd(Layout, 0.1, new SgdOptions { WeightDecay = 1e39 }) },
        { "InitialAccumulatorValue", () => new AdaGrad(Layout, 0.1, new AdaGradOptions { InitialAccumulatorValue = 1e300 }) },
        { "LearningRateScale", () => new Sgd(Layout, 0.1, null, [new ParameterGroup<SgdOptions>("g", _ => true, new SgdOptions(), 1e40)]) },
    };

    [Theory]
    [MemberData(nameof(RejectedAtConstruction))]
    public void Values_that_do_not_survive_rounding_to_float_are_rejected_at_construction(string parameter, Func<Optimizer> create)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains("float32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_learning_rate_setter_rejects_a_rate_that_rounds_to_infinity()
    {
        var sgd = new Sgd(Layout, 0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRate = 1e39);
        Assert.Equal(0.1, sgd.LearningRate);
    }

    [Fact]
    public void A_step_size_that_overflows_at_some_step_is_rejected_at_that_step_and_nothing_changes()
    {
        // lr * sqrt(1 - beta2^t) / (1 - beta1^t) = 3e38 * 1 / 0.1 at step 1: finite in double, +inf in float.
        var adam = new Adam(Layout, 3e38, new AdamOptions { Beta1 = 0.9, Beta2 = 0 });
        var parameters = new ParameterBuffer(Layout);
        var gradients = new ParameterBuffer(Layout);
        parameters.Span.Fill(1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => adam.Step(parameters, gradients));

        Assert.Equal("LearningRate", error.ParamName);
        Assert.Contains("step 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, adam.StepCount);
        Assert.All(parameters.Span.ToArray(), p => Assert.Equal(1f, p));
        Assert.All(adam.State("exp_avg").Span.ToArray(), m => Assert.Equal(0f, m));
    }

    [Fact]
    public void A_scheduled_rate_that_overflows_in_a_group_names_the_group_and_leaves_the_rate()
    {
        var group = new ParameterGroup<SgdOptions>("biases", t => t.Name == "b", new SgdOptions(), LearningRateScale: 4);
        var sgd = new Sgd(Layout, 0.5, null, [group]) { Schedule = new SimdOpt.Schedules.ConstantSchedule(1e38) };
        var parameters = new ParameterBuffer(Layout);
        var gradients = new ParameterBuffer(Layout);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => sgd.Step(parameters, gradients));

        Assert.Contains("group 'biases'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0.5, sgd.LearningRate);
    }

    public static TheoryData<string> RuleNames() => [.. RuleCatalog.Rules.Select(r => r.Name)];

    /// <summary>
    /// Every registered rule converts the step scalars it derives from the learning rate through the float32 check:
    /// a group rate (base rate 1e37 times the group's scale 1e10, each valid alone; the base rate's own scalars stay
    /// finite) that overflows float32 is rejected at the step, naming LearningRate and the group, before anything changes (parameters, state buffers, scalar state,
    /// step count).
    /// </summary>
    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Every_rule_rejects_a_group_rate_that_overflows_float32_before_any_write(string name)
    {
        var rule = RuleCatalog.Find(name)!;
        var optimizer = WithScaledGroup(rule, "b", 1e10);
        var parameters = new ParameterBuffer(Layout);
        var gradients = new ParameterBuffer(Layout);
        AllRules.Fill(parameters.Span, 3);
        AllRules.Fill(gradients.Span, 4);
        optimizer.Step(parameters, gradients);
        var before = parameters.Span.ToArray();
        var states = optimizer.StateNames.Select(s => optimizer.State(s).Span.ToArray()).ToArray();
        var scalars = optimizer.ScalarStateNames.Select(optimizer.ScalarState).ToArray();

        optimizer.LearningRate = 1e37;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.Step(parameters, gradients));

        Assert.Equal("LearningRate", error.ParamName);
        Assert.Contains("group 'b'", error.Message, StringComparison.Ordinal);
        Assert.Contains("float32", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, optimizer.StepCount);
        Bits.Equal(before, parameters.Span, $"{name}: parameters");
        for (var slot = 0; slot < states.Length; slot++)
        {
            Bits.Equal(states[slot], optimizer.State(optimizer.StateNames[slot]).Span, $"{name}: {optimizer.StateNames[slot]}");
        }

        Assert.Equal(scalars, optimizer.ScalarStateNames.Select(optimizer.ScalarState));
    }

    /// <summary>The rule with its default options at lr 0.01 and one group, the tensor <paramref name="tensor"/> at <paramref name="scale"/> times the rate.</summary>
    private static Optimizer WithScaledGroup(RuleRegistration rule, string tensor, double scale)
    {
        var groupType = typeof(ParameterGroup<>).MakeGenericType(rule.OptionsType);
        var groups = Array.CreateInstance(groupType, 1);
        groups.SetValue(Activator.CreateInstance(groupType, tensor, (Func<TensorInfo, bool>)(t => t.Name == tensor), rule.DefaultOptions, scale), 0);
        return (Optimizer)Activator.CreateInstance(rule.OptimizerType, Layout, 0.01, rule.DefaultOptions, groups, NonFiniteGradientPolicy.Propagate)!;
    }

    /// <summary>
    /// For random hyperparameters across the whole double range: either construction or the step rejects them, or
    /// zero gradients (without weight decay) leave every parameter exactly as it was: never NaN from 0 / 0 or
    /// 0 * infinity.
    /// </summary>
    [Fact]
    public void Accepted_hyperparameters_never_turn_zero_gradients_into_nan() =>
        PropertySettings.Check(
            (from rule in Gen.Elements("sgd", "sgd-momentum", "moving-average", "adagrad", "rmsprop", "rmsprop-centered", "adam", "amsgrad")
             from lr in LogUniform(-50, 40)
             from eps in LogUniform(-50, 40)
             from beta in Gen.Elements(0.0, 0.5, 0.9, 0.999, 0.999999999)
             from beta2 in Gen.Elements(0.0, 0.5, 0.9, 0.999, 0.999999999)
             from steps in Gen.Choose(1, 4)
             select (rule, lr, eps, beta, beta2, steps)).ToArbitrary(),
            c =>
            {
                Optimizer optimizer;
                try
                {
                    optimizer = Create(c.rule, c.lr, c.eps, c.beta, c.beta2);
                }
                catch (ArgumentOutOfRangeException)
                {
                    return;
                }

                var parameters = new ParameterBuffer(Layout);
                var gradients = new ParameterBuffer(Layout);
                AllRules.Fill(parameters.Span, 5);
                var before = parameters.Span.ToArray();
                for (var t = 0; t < c.steps; t++)
                {
                    var count = optimizer.StepCount;
                    try
                    {
                        optimizer.Step(parameters, gradients);
                    }
                    catch (ArgumentOutOfRangeException)
                    {
                        Assert.Equal(count, optimizer.StepCount);
                    }

                    Bits.Equal(before, parameters.Span, $"{c} after step {t + 1}");
                }
            });

    private static Gen<double> LogUniform(int lowExponent, int highExponent) =>
        from e in Gen.Choose(lowExponent * 100, highExponent * 100)
        select Math.Pow(10, e / 100.0);

    private static Optimizer Create(string rule, double lr, double eps, double beta, double beta2) => rule switch
    {
        "sgd" => new Sgd(Layout, lr),
        "sgd-momentum" => new Sgd(Layout, lr, new SgdOptions { Momentum = beta }),
        "moving-average" => new MovingAverageMomentum(Layout, lr, new MovingAverageMomentumOptions { Beta = beta }),
        "adagrad" => new AdaGrad(Layout, lr, new AdaGradOptions { Epsilon = eps }),
        "rmsprop" => new RmsProp(Layout, lr, new RmsPropOptions { Alpha = beta2, Epsilon = eps }),
        "rmsprop-centered" => new RmsProp(Layout, lr, new RmsPropOptions { Alpha = beta2, Epsilon = eps, Centered = true, Momentum = beta }),
        "adam" => new Adam(Layout, lr, new AdamOptions { Beta1 = beta, Beta2 = beta2, Epsilon = eps }),
        _ => new Adam(Layout, lr, new AdamOptions { Beta1 = beta, Beta2 = beta2, Epsilon = eps, Amsgrad = true }),
    };
}
