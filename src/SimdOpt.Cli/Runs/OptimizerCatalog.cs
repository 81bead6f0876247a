using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Cli.Runs;

/// <summary>The optimizers the command line offers: their names, titles, construction and reported hyperparameters.</summary>
internal static class OptimizerCatalog
{
    private const double AdamWDefaultDecay = 0.01;

    private static readonly OrderedDictionary<string, Entry> Entries = new(StringComparer.Ordinal)
    {
        ["gd"] = new("Gradient descent", (s, l) => new Sgd(l, s.LearningRate, new SgdOptions { WeightDecay = s.WeightDecay ?? 0 }), s => []),
        ["momentum"] = new(
            "Momentum (moving average)",
            (s, l) => new MovingAverageMomentum(l, s.LearningRate, new MovingAverageMomentumOptions { Beta = s.Beta, WeightDecay = s.WeightDecay ?? 0 }),
            s => [("beta", s.Beta)]),
        ["sgd-momentum"] = new(
            "Momentum (PyTorch form)",
            (s, l) => new Sgd(l, s.LearningRate, new SgdOptions { Momentum = s.Momentum, WeightDecay = s.WeightDecay ?? 0 }),
            s => [("momentum", s.Momentum)]),
        ["nesterov"] = new(
            "Nesterov momentum",
            (s, l) => new Sgd(l, s.LearningRate, new SgdOptions { Momentum = s.Momentum, Nesterov = true, WeightDecay = s.WeightDecay ?? 0 }),
            s => [("momentum", s.Momentum)]),
        ["adagrad"] = new(
            "AdaGrad",
            (s, l) => new AdaGrad(l, s.LearningRate, AdaGradFrom(s)),
            s => [("eps", AdaGradFrom(s).Epsilon)]),
        ["rmsprop"] = new(
            "RMSProp",
            (s, l) => new RmsProp(l, s.LearningRate, RmsPropFrom(s)),
            s => [("alpha", s.Alpha), ("eps", RmsPropFrom(s).Epsilon)]),
        ["adam"] = new(
            "Adam",
            (s, l) => new Adam(l, s.LearningRate, AdamFrom(s, new AdamOptions { WeightDecay = s.WeightDecay ?? 0 })),
            s => [("beta1", s.Beta1), ("beta2", s.Beta2), ("eps", AdamFrom(s, new AdamOptions()).Epsilon)]),
        ["adamw"] = new(
            "AdamW",
            (s, l) => new Adam(l, s.LearningRate, AdamFrom(s, AdamOptions.AdamW(s.WeightDecay ?? AdamWDefaultDecay))),
            s => [("beta1", s.Beta1), ("beta2", s.Beta2), ("eps", AdamFrom(s, new AdamOptions()).Epsilon), ("weight_decay", s.WeightDecay ?? AdamWDefaultDecay)]),
        ["nadam"] = new(
            "NAdam",
            (s, l) => new NAdam(l, s.LearningRate, NAdamFrom(s)),
            s => [("beta1", s.Beta1), ("beta2", s.Beta2), ("eps", NAdamFrom(s).Epsilon), ("momentum_decay", NAdamFrom(s).MomentumDecay)]),
        ["radam"] = new(
            "RAdam",
            (s, l) => new RAdam(l, s.LearningRate, RAdamFrom(s)),
            s => [("beta1", s.Beta1), ("beta2", s.Beta2), ("eps", RAdamFrom(s).Epsilon)]),
        ["adamax"] = new(
            "Adamax",
            (s, l) => new Adamax(l, s.LearningRate, AdamaxFrom(s)),
            s => [("beta1", s.Beta1), ("beta2", s.Beta2), ("eps", AdamaxFrom(s).Epsilon)]),
        ["lion"] = new(
            "Lion",
            (s, l) => new Lion(l, s.LearningRate, new LionOptions { Beta1 = s.Beta1, Beta2 = s.Beta2, WeightDecay = s.WeightDecay ?? 0 }),
            s => [("beta1", s.Beta1), ("beta2", s.Beta2)]),
        ["adadelta"] = new(
            "Adadelta",
            (s, l) => new Adadelta(l, s.LearningRate, AdadeltaFrom(s)),
            s => [("rho", AdadeltaFrom(s).Rho), ("eps", AdadeltaFrom(s).Epsilon)]),
        ["schedule-free-adamw"] = new(
            "Schedule-Free AdamW",
            (s, l) => new ScheduleFreeAdamW(l, s.LearningRate, ScheduleFreeFrom(s)),
            s => [("beta1", s.Beta1), ("beta2", s.Beta2), ("eps", ScheduleFreeFrom(s).Epsilon), ("weight_lr_power", ScheduleFreeFrom(s).WeightLrPower)]),
    };

    /// <summary>Every optimizer name, in display order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Entries.Keys];

    /// <summary>A readable title such as "Momentum (moving average)".</summary>
    public static string Title(string name) => Lookup(name).Title;

    /// <summary>Builds the optimizer; the core validates the hyperparameters and throws <see cref="ArgumentOutOfRangeException"/> on bad ones.</summary>
    public static Optimizer Create(OptimizerSettings settings, ParameterLayout layout) => Lookup(settings.Name).Create(settings, layout);

    /// <summary>The hyperparameters the rule uses, learning rate first, with defaults filled in.</summary>
    public static IReadOnlyList<KeyValuePair<string, double>> Hyperparameters(OptimizerSettings settings)
    {
        var result = new List<KeyValuePair<string, double>> { new("lr", settings.LearningRate) };
        foreach (var (key, value) in Lookup(settings.Name).Hyperparameters(settings))
        {
            result.Add(new(key, value));
        }

        if (settings.WeightDecay is { } decay && settings.Name != "adamw")
        {
            result.Add(new("weight_decay", decay));
        }

        return result;
    }

    private static AdaGradOptions AdaGradFrom(OptimizerSettings s)
    {
        var options = new AdaGradOptions { WeightDecay = s.WeightDecay ?? 0 };
        return s.Epsilon is { } eps ? options with { Epsilon = eps } : options;
    }

    private static RmsPropOptions RmsPropFrom(OptimizerSettings s)
    {
        var options = new RmsPropOptions { Alpha = s.Alpha, WeightDecay = s.WeightDecay ?? 0 };
        return s.Epsilon is { } eps ? options with { Epsilon = eps } : options;
    }

    private static AdadeltaOptions AdadeltaFrom(OptimizerSettings s)
    {
        var options = new AdadeltaOptions { WeightDecay = s.WeightDecay ?? 0 };
        return s.Epsilon is { } eps ? options with { Epsilon = eps } : options;
    }

    private static ScheduleFreeAdamWOptions ScheduleFreeFrom(OptimizerSettings s)
    {
        var options = new ScheduleFreeAdamWOptions { Beta1 = s.Beta1, Beta2 = s.Beta2, WeightDecay = s.WeightDecay ?? 0 };
        return s.Epsilon is { } eps ? options with { Epsilon = eps } : options;
    }

    private static AdamOptions AdamFrom(OptimizerSettings s, AdamOptions start)
    {
        var options = start with { Beta1 = s.Beta1, Beta2 = s.Beta2 };
        return s.Epsilon is { } eps ? options with { Epsilon = eps } : options;
    }

    private static NAdamOptions NAdamFrom(OptimizerSettings s)
    {
        var options = new NAdamOptions { Beta1 = s.Beta1, Beta2 = s.Beta2, WeightDecay = s.WeightDecay ?? 0 };
        return s.Epsilon is { } eps ? options with { Epsilon = eps } : options;
    }

    private static RAdamOptions RAdamFrom(OptimizerSettings s)
    {
        var options = new RAdamOptions { Beta1 = s.Beta1, Beta2 = s.Beta2, WeightDecay = s.WeightDecay ?? 0 };
        return s.Epsilon is { } eps ? options with { Epsilon = eps } : options;
    }

    private static AdamaxOptions AdamaxFrom(OptimizerSettings s)
    {
        var options = new AdamaxOptions { Beta1 = s.Beta1, Beta2 = s.Beta2, WeightDecay = s.WeightDecay ?? 0 };
        return s.Epsilon is { } eps ? options with { Epsilon = eps } : options;
    }

    private static Entry Lookup(string name) =>
        Entries.TryGetValue(name, out var entry)
            ? entry
            : throw new ArgumentException($"Unknown optimizer '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));

    private sealed record Entry(
        string Title,
        Func<OptimizerSettings, ParameterLayout, Optimizer> Create,
        Func<OptimizerSettings, IEnumerable<(string Key, double Value)>> Hyperparameters);
}
