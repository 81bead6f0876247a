using System.Text.Json.Serialization.Metadata;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Precision;
using SimdOpt.Reference;

namespace SimdOpt.Catalog;

/// <summary>
/// Everything the library, its command line, its tests and its benchmarks need to know about one update rule,
/// described once: its optimizer and options types, presets (command-line names and titles), hyperparameters,
/// state, reference step and checkpoint metadata. <see cref="RuleCatalog.Rules"/> lists one per rule; every other
/// list of rules is derived from it.
/// </summary>
public abstract class RuleRegistration
{
    private static readonly ParameterLayout Probe = ParameterLayout.Create(("probe", [1]));

    private protected RuleRegistration(Type optimizerType, Type optionsType, IReadOnlyList<RulePreset> presets, IReadOnlyList<Hyperparameter> hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(presets);
        if (presets.Count == 0)
        {
            throw new ArgumentException($"{optimizerType.Name} needs at least one preset.", nameof(presets));
        }

        foreach (var preset in presets)
        {
            if (preset.Options.GetType() != optionsType)
            {
                throw new ArgumentException($"The preset '{preset.CliName}' of {optimizerType.Name} has options of type {preset.Options.GetType().Name}, not {optionsType.Name}.", nameof(presets));
            }
        }

        OptimizerType = optimizerType;
        OptionsType = optionsType;
        Presets = [.. presets];
        Hyperparameters = hyperparameters;
    }

    /// <summary>The optimizer's type name (<c>Adam</c>): the rule's name in checkpoints (their <c>kind</c>) and benchmark reports.</summary>
    public string Name => OptimizerType.Name;

    /// <summary>The optimizer class, a public subclass of <see cref="Optimizer{TOptions}"/>.</summary>
    public Type OptimizerType { get; }

    /// <summary>The options record.</summary>
    public Type OptionsType { get; }

    /// <summary>The named configurations the command line offers, the default first.</summary>
    public IReadOnlyList<RulePreset> Presets { get; }

    /// <summary>The hyperparameters: the rule's own, then <c>weight_decay</c>, <c>maximize</c> and <c>flush_subnormals</c>.</summary>
    public IReadOnlyList<Hyperparameter> Hyperparameters { get; }

    /// <summary>The options record with its defaults (<c>new TOptions()</c>).</summary>
    public abstract OptimizerOptions DefaultOptions { get; }

    /// <summary>Builds the optimizer (no parameter groups); it validates <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> is not of <see cref="OptionsType"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public abstract Optimizer Create(ParameterLayout layout, double learningRate, OptimizerOptions options, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate);

    /// <summary>Makes a combination of independently chosen hyperparameters valid (see <see cref="HyperparameterSpace{TOptions}.Normalize"/>).</summary>
    public abstract OptimizerOptions Normalize(OptimizerOptions options);

    /// <summary>Runs the rule's public scalar reference (in <c>SimdOpt.Reference</c>) for one step.</summary>
    public abstract void ReferenceStep(OptimizerOptions options, ReferenceStepData step);

    /// <summary>The state buffers an optimizer with <paramref name="options"/> keeps, in slot order (from the optimizer itself).</summary>
    public IReadOnlyList<string> StateNames(OptimizerOptions options) => Create(Probe, 0, options).StateNames;

    /// <summary>The scalar states an optimizer with <paramref name="options"/> keeps (from the optimizer itself).</summary>
    public IReadOnlyList<string> ScalarStateNames(OptimizerOptions options) => Create(Probe, 0, options).ScalarStateNames;

    /// <summary>
    /// The bytes a step cannot avoid moving per parameter: read the parameter and gradient, write the parameter,
    /// and read and write each state element (<see cref="StateBytesPerElement"/> of the options' precision each way).
    /// </summary>
    public int BytesPerElement(OptimizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (3 * sizeof(float)) + (2 * StateBytesPerElement(options.StatePrecision) * StateNames(options).Count);
    }

    /// <summary>
    /// Bytes of one stored state element: 4 for <see cref="StatePrecision.Float32"/>, 2 for <see cref="StatePrecision.BFloat16"/>,
    /// 1 for <see cref="StatePrecision.Blockwise8Bit"/> (whose float32 block scales add 4 bytes per 256 elements, and whose
    /// tensors under 4,096 elements stay float32; neither is counted here).
    /// </summary>
    public static int StateBytesPerElement(StatePrecision precision) => precision switch
    {
        StatePrecision.Float32 => sizeof(float),
        StatePrecision.BFloat16 => sizeof(ushort),
        StatePrecision.Blockwise8Bit => sizeof(byte),
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown state precision."),
    };

    /// <summary>The source-generated JSON metadata of the options record, for checkpoints.</summary>
    internal abstract JsonTypeInfo OptionsJson { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The registration of the rule <typeparamref name="TOptimizer"/> with options <typeparamref name="TOptions"/>.</summary>
/// <typeparam name="TOptimizer">The optimizer class.</typeparam>
/// <typeparam name="TOptions">Its options record.</typeparam>
public sealed class RuleRegistration<TOptimizer, TOptions> : RuleRegistration
    where TOptimizer : Optimizer<TOptions>
    where TOptions : OptimizerOptions, new()
{
    private readonly Func<ParameterLayout, double, TOptions, NonFiniteGradientPolicy, TOptimizer> _create;
    private readonly ReferenceRule<TOptions> _reference;
    private readonly HyperparameterSpace<TOptions> _space;
    private readonly JsonTypeInfo<TOptions> _json;

    /// <summary>Describes a rule.</summary>
    /// <param name="create">The optimizer's constructor.</param>
    /// <param name="reference">Its scalar reference, reading the state slots by name.</param>
    /// <param name="space">Its hyperparameters.</param>
    /// <param name="optionsJson">Source-generated JSON metadata of <typeparamref name="TOptions"/> (snake_case names), for checkpoints.</param>
    /// <param name="presets">The command-line presets, the default first.</param>
    public RuleRegistration(
        Func<ParameterLayout, double, TOptions, NonFiniteGradientPolicy, TOptimizer> create,
        ReferenceRule<TOptions> reference,
        HyperparameterSpace<TOptions> space,
        JsonTypeInfo<TOptions> optionsJson,
        params RulePreset[] presets)
        : base(typeof(TOptimizer), typeof(TOptions), presets, space?.All ?? throw new ArgumentNullException(nameof(space)))
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(optionsJson);
        _create = create;
        _reference = reference;
        _space = space;
        _json = optionsJson;
    }

    /// <inheritdoc />
    public override OptimizerOptions DefaultOptions => new TOptions();

    /// <inheritdoc />
    internal override JsonTypeInfo OptionsJson => _json;

    /// <inheritdoc />
    public override Optimizer Create(ParameterLayout layout, double learningRate, OptimizerOptions options, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate) =>
        _create(layout, learningRate, Typed(options), nonFiniteGradients);

    /// <inheritdoc />
    public override OptimizerOptions Normalize(OptimizerOptions options) => _space.Normalized(Typed(options));

    /// <inheritdoc />
    public override void ReferenceStep(OptimizerOptions options, ReferenceStepData step) => _reference(Typed(options), step);

    private TOptions Typed(OptimizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options as TOptions
            ?? throw new ArgumentException($"{Name} takes {typeof(TOptions).Name}, not {options.GetType().Name}.", nameof(options));
    }
}
