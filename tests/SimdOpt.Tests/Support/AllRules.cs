using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Tests.Support;

/// <summary>One optimizer of every rule and every state-changing option, for tests that must cover them all.</summary>
public static class AllRules
{
    public static IEnumerable<(string Name, Func<ParameterLayout, NonFiniteGradientPolicy, Optimizer> Create)> Variants()
    {
        yield return ("sgd", (l, p) => new Sgd(l, 0.01, new SgdOptions { WeightDecay = 0.1 }, nonFiniteGradients: p));
        yield return ("sgd momentum", (l, p) => new Sgd(l, 0.01, new SgdOptions { Momentum = 0.9, Dampening = 0.1 }, nonFiniteGradients: p));
        yield return ("sgd nesterov", (l, p) => new Sgd(l, 0.01, new SgdOptions { Momentum = 0.9, Nesterov = true }, nonFiniteGradients: p));
        yield return ("moving-average momentum", (l, p) => new MovingAverageMomentum(l, 0.01, nonFiniteGradients: p));
        yield return ("adagrad", (l, p) => new AdaGrad(l, 0.01, new AdaGradOptions { LearningRateDecay = 0.01, InitialAccumulatorValue = 0.1 }, nonFiniteGradients: p));
        yield return ("rmsprop", (l, p) => new RmsProp(l, 0.01, nonFiniteGradients: p));
        yield return ("rmsprop centered", (l, p) => new RmsProp(l, 0.01, new RmsPropOptions { Centered = true }, nonFiniteGradients: p));
        yield return ("rmsprop momentum", (l, p) => new RmsProp(l, 0.01, new RmsPropOptions { Momentum = 0.9 }, nonFiniteGradients: p));
        yield return ("rmsprop centered momentum", (l, p) => new RmsProp(l, 0.01, new RmsPropOptions { Centered = true, Momentum = 0.9 }, nonFiniteGradients: p));
        yield return ("adam", (l, p) => new Adam(l, 0.001, nonFiniteGradients: p));
        yield return ("adam amsgrad", (l, p) => new Adam(l, 0.001, new AdamOptions { Amsgrad = true, WeightDecay = 0.01 }, nonFiniteGradients: p));
        yield return ("adamw", (l, p) => new Adam(l, 0.001, AdamOptions.AdamW(), nonFiniteGradients: p));
        yield return ("lion", (l, p) => new Lion(l, 1e-4, new LionOptions { WeightDecay = 0.1 }, nonFiniteGradients: p));
        yield return ("adamax", (l, p) => new Adamax(l, 0.002, new AdamaxOptions { WeightDecay = 0.01 }, nonFiniteGradients: p));
        yield return ("nadam", (l, p) => new NAdam(l, 0.002, nonFiniteGradients: p));
        yield return ("nadamw", (l, p) => new NAdam(l, 0.002, new NAdamOptions { WeightDecay = 0.01, DecoupledWeightDecay = true }, nonFiniteGradients: p));
        yield return ("radam", (l, p) => new RAdam(l, 0.001, nonFiniteGradients: p));
        yield return ("radamw", (l, p) => new RAdam(l, 0.001, new RAdamOptions { WeightDecay = 0.01, DecoupledWeightDecay = true }, nonFiniteGradients: p));
        yield return ("schedule-free adamw", (l, p) => new ScheduleFreeAdamW(l, 0.001, new ScheduleFreeAdamWOptions { WeightDecay = 0.01, WarmupSteps = 5 }, nonFiniteGradients: p));
        yield return ("adadelta", (l, p) => new Adadelta(l, 1.0, new AdadeltaOptions { WeightDecay = 0.01 }, nonFiniteGradients: p));
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Variants())
        {
            data.Add(name);
        }

        return data;
    }

    public static Optimizer Create(string name, ParameterLayout layout, NonFiniteGradientPolicy policy = NonFiniteGradientPolicy.Propagate) =>
        Variants().Single(v => v.Name == name).Create(layout, policy);

    public static ParameterLayout SmallLayout() => ParameterLayout.Create(("W1", [5, 2]), ("b1", [5, 1]), ("W2", [33, 31]), ("b2", [3, 1]));

    public static void Fill(Span<float> values, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }
    }
}
