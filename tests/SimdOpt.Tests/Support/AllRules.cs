using SimdOpt.Catalog;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Tests.Support;

/// <summary>
/// One optimizer of every rule and every state-changing option, for tests that must cover them all, derived from
/// <see cref="RuleCatalog"/>: each preset, and each preset with every combination of the rule's own switches and
/// off-or-on hyperparameters turned on (a momentum of 0.9), made valid by the rule's normalization (repeats
/// dropped), and the first preset with L2 weight decay 0.1.
/// </summary>
public static class AllRules
{
    private static readonly string[] SharedHyperparameters = ["weight_decay", "maximize", "flush_subnormals"];

    private static readonly (string Name, RuleRegistration Rule, OptimizerOptions Options)[] All = [.. Enumerate()];

    public static IEnumerable<(string Name, Func<ParameterLayout, NonFiniteGradientPolicy, Optimizer> Create)> Variants() =>
        All.Select(v => (v.Name, (Func<ParameterLayout, NonFiniteGradientPolicy, Optimizer>)((l, p) => v.Rule.Create(l, LearningRate(v.Rule), v.Options, p))));

    private static double LearningRate(RuleRegistration rule) => rule.OptimizerType == typeof(Adam) ? 0.001 : 0.01;

    private static IEnumerable<(string, RuleRegistration, OptimizerOptions)> Enumerate()
    {
        var seen = new List<OptimizerOptions>();
        foreach (var rule in RuleCatalog.Rules)
        {
            var switches = rule.Hyperparameters
                .Where(h => (h.Kind is HyperparameterKind.Flag or HyperparameterKind.OffOrDecay) && !SharedHyperparameters.Contains(h.Name))
                .ToArray();
            foreach (var preset in rule.Presets)
            {
                for (var mask = 0; mask < 1 << switches.Length; mask++)
                {
                    var options = preset.Options;
                    var name = preset.CliName;
                    for (var i = 0; i < switches.Length; i++)
                    {
                        if ((mask & (1 << i)) != 0 && switches[i].Get(options) == 0)
                        {
                            options = switches[i].Set(options, switches[i].IsFlag ? 1 : 0.9);
                            name += " " + switches[i].Name;
                        }
                    }

                    options = rule.Normalize(options);
                    if (!seen.Contains(options))
                    {
                        seen.Add(options);
                        yield return (name, rule, options);
                    }
                }
            }

            yield return (rule.Presets[0].CliName + " weight_decay", rule, rule.Presets[0].Options with { WeightDecay = 0.1 });
        }
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

    public static Optimizer Create(string name, ParameterLayout layout, NonFiniteGradientPolicy policy = NonFiniteGradientPolicy.Propagate, bool flushSubnormals = false)
    {
        var (_, rule, options) = All.Single(v => v.Name == name);
        return rule.Create(layout, LearningRate(rule), options with { FlushSubnormals = flushSubnormals || options.FlushSubnormals }, policy);
    }

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
