using SimdOpt.Optimizers;

namespace SimdOpt.Catalog;

/// <summary>
/// The hyperparameters of one rule, declared once: their names, kinds and accessors, and how to make any drawn
/// combination valid. The ones every rule shares (<c>weight_decay</c>, <c>maximize</c>, <c>flush_subnormals</c>) are
/// added by the space itself. Property tests derive their generators from it and the command line its options.
/// </summary>
/// <typeparam name="TOptions">The rule's options record.</typeparam>
public sealed class HyperparameterSpace<TOptions>
    where TOptions : OptimizerOptions
{
    private readonly List<Hyperparameter> _own = [];
    private Func<TOptions, TOptions> _normalize = o => o;

    /// <summary>The rule's own hyperparameters followed by the shared ones.</summary>
    public IReadOnlyList<Hyperparameter> All =>
    [
        .. _own,
        new Hyperparameter("weight_decay", HyperparameterKind.WeightDecay, [], o => o.WeightDecay, (o, v) => o with { WeightDecay = v }),
        new Hyperparameter("maximize", HyperparameterKind.Flag, [], o => o.Maximize ? 1 : 0, (o, v) => o with { Maximize = v != 0 }),
        new Hyperparameter("flush_subnormals", HyperparameterKind.Flag, [], o => o.FlushSubnormals ? 1 : 0, (o, v) => o with { FlushSubnormals = v != 0 }),
    ];

    /// <summary>Adds a decay rate in [0, 1).</summary>
    public HyperparameterSpace<TOptions> Decay(string name, Func<TOptions, double> get, Func<TOptions, double, TOptions> set) =>
        Add(name, HyperparameterKind.Decay, [], get, set);

    /// <summary>Adds a value that is 0 (off) or a decay rate in (0, 1).</summary>
    public HyperparameterSpace<TOptions> OffOrDecay(string name, Func<TOptions, double> get, Func<TOptions, double, TOptions> set) =>
        Add(name, HyperparameterKind.OffOrDecay, [], get, set);

    /// <summary>Adds a positive epsilon.</summary>
    public HyperparameterSpace<TOptions> Epsilon(string name, Func<TOptions, double> get, Func<TOptions, double, TOptions> set) =>
        Add(name, HyperparameterKind.Epsilon, [], get, set);

    /// <summary>Adds a value drawn from <paramref name="choices"/>.</summary>
    public HyperparameterSpace<TOptions> Choice(string name, Func<TOptions, double> get, Func<TOptions, double, TOptions> set, params double[] choices) =>
        Add(name, HyperparameterKind.Choice, choices, get, set);

    /// <summary>Adds a switch.</summary>
    public HyperparameterSpace<TOptions> Flag(string name, Func<TOptions, bool> get, Func<TOptions, bool, TOptions> set)
    {
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(set);
        return Add(name, HyperparameterKind.Flag, [], o => get(o) ? 1 : 0, (o, v) => set(o, v != 0));
    }

    /// <summary>
    /// Makes a combination of independently drawn values valid (for example Nesterov only with momentum and no
    /// dampening); applied after every value is set. The default leaves options as they are.
    /// </summary>
    public HyperparameterSpace<TOptions> Normalize(Func<TOptions, TOptions> normalize)
    {
        ArgumentNullException.ThrowIfNull(normalize);
        _normalize = normalize;
        return this;
    }

    /// <summary>Applies the rule set by <see cref="Normalize"/>.</summary>
    internal TOptions Normalized(TOptions options) => _normalize(options);

    private HyperparameterSpace<TOptions> Add(string name, HyperparameterKind kind, double[] choices, Func<TOptions, double> get, Func<TOptions, double, TOptions> set)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(get);
        ArgumentNullException.ThrowIfNull(set);
        if (_own.Any(h => h.Name == name))
        {
            throw new ArgumentException($"The hyperparameter '{name}' is declared twice.", nameof(name));
        }

        _own.Add(new Hyperparameter(name, kind, [.. choices], o => get((TOptions)o), (o, v) => set((TOptions)o, v)));
        return this;
    }
}
