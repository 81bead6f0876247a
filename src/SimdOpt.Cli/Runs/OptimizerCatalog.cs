using System.Globalization;
using SimdOpt.Catalog;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Cli.Runs;

/// <summary>
/// The optimizers the command line offers: the presets of <see cref="RuleCatalog"/>, their titles, construction and
/// reported hyperparameters, and the hyperparameter options of <c>train</c>, all derived from the catalogue.
/// </summary>
internal static class OptimizerCatalog
{
    /// <summary>Every preset name, in the catalogue's order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. RuleCatalog.Presets.Select(p => p.CliName)];

    /// <summary>The numeric hyperparameters any rule has (switches excluded), each once, in first-seen order: the options of <c>train</c>.</summary>
    public static IReadOnlyList<string> HyperparameterNames { get; } =
        [.. RuleCatalog.Rules.SelectMany(r => r.Hyperparameters).Where(h => !h.IsFlag).Select(h => h.Name).Distinct()];

    /// <summary>A readable title such as "Momentum (moving average)".</summary>
    public static string Title(string name) => Lookup(name).Preset.Title;

    /// <summary>The preset's options with the settings' hyperparameters, state precision and 8-bit minimum tensor length applied (not yet validated).</summary>
    public static OptimizerOptions Options(OptimizerSettings settings)
    {
        var (rule, preset) = Lookup(settings.Name);
        var options = preset.Options with { StatePrecision = settings.StatePrecision, QuantizedTensorMinimumLength = settings.QuantizedTensorMinimumLength };
        foreach (var h in rule.Hyperparameters)
        {
            if (settings.Hyperparameters.TryGetValue(h.Name, out var value))
            {
                options = h.Set(options, value);
            }
        }

        return options;
    }

    /// <summary>Builds the optimizer; the core validates the hyperparameters and throws <see cref="ArgumentOutOfRangeException"/> on bad ones.</summary>
    public static Optimizer Create(OptimizerSettings settings, ParameterLayout layout) =>
        Lookup(settings.Name).Rule.Create(layout, settings.LearningRate, Options(settings));

    /// <summary>
    /// The hyperparameters the run uses, learning rate first: every numeric one of the rule, except those that are 0
    /// and mean "off" there (a momentum, a weight decay, a learning-rate decay of 0).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, double>> Hyperparameters(OptimizerSettings settings)
    {
        var (rule, _) = Lookup(settings.Name);
        var options = Options(settings);
        var result = new List<KeyValuePair<string, double>> { new("lr", settings.LearningRate) };
        foreach (var h in rule.Hyperparameters.Where(h => !h.IsFlag))
        {
            var value = h.Get(options);
            if (value != 0 || h.Kind is HyperparameterKind.Decay or HyperparameterKind.Epsilon)
            {
                result.Add(new(h.Name, value));
            }
        }

        return result;
    }

    /// <summary>The help text of the <c>train</c> option for <paramref name="hyperparameter"/>: which presets use it and their defaults.</summary>
    public static string Describe(string hyperparameter)
    {
        var defaults = RuleCatalog.Rules
            .SelectMany(r => r.Presets.Select(p => (Preset: p, Parameter: r.Hyperparameters.FirstOrDefault(h => h.Name == hyperparameter))))
            .Where(x => x.Parameter is not null)
            .GroupBy(x => x.Parameter!.Get(x.Preset.Options))
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", g.Select(x => x.Preset.CliName))} {g.Key:G6}"));
        return $"Hyperparameter {hyperparameter} [defaults: {string.Join("; ", defaults)}].";
    }

    private static (RuleRegistration Rule, RulePreset Preset) Lookup(string name)
    {
        try
        {
            return RuleCatalog.Preset(name);
        }
        catch (KeyNotFoundException e)
        {
            throw new ArgumentException(e.Message, nameof(name), e);
        }
    }
}
