using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Catalog;
using SimdOpt.Optimizers;

namespace SimdOpt.Testing;

/// <summary>
/// FsCheck generators of every rule in <see cref="RuleCatalog"/> with random valid hyperparameters, each paired with
/// its reference implementation. They are derived from each rule's declared <see cref="RuleRegistration.Hyperparameters"/>:
/// every hyperparameter is drawn independently by its <see cref="HyperparameterKind"/>, then the rule's
/// <see cref="RuleRegistration.Normalize"/> makes the combination valid.
/// </summary>
public static class Rules
{
    /// <summary>Any registered rule, equally likely.</summary>
    public static Gen<RuleSetup> Any { get; } = Gen.OneOf(RuleCatalog.Rules.Select(For));

    /// <summary>The rule of optimizer class <typeparamref name="TOptimizer"/>, with random valid hyperparameters and learning rate.</summary>
    public static Gen<RuleSetup> For<TOptimizer>()
        where TOptimizer : Optimizer => For(RuleCatalog.Of(typeof(TOptimizer)));

    /// <summary>The rule named <paramref name="name"/> (its optimizer's type name, <c>Adam</c>).</summary>
    /// <exception cref="KeyNotFoundException">No rule has that name.</exception>
    public static Gen<RuleSetup> For(string name) =>
        For(RuleCatalog.Find(name) ?? throw new KeyNotFoundException($"No rule named '{name}' (registered: {string.Join(", ", RuleCatalog.Rules)})."));

    /// <summary><paramref name="rule"/> with random valid hyperparameters and learning rate.</summary>
    public static Gen<RuleSetup> For(RuleRegistration rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return from options in Options(rule)
               from lr in Values.LearningRate
               select new RuleSetup(rule, options, lr);
    }

    /// <summary>Random valid options of <paramref name="rule"/>: each hyperparameter drawn by its kind, then normalized.</summary>
    public static Gen<OptimizerOptions> Options(RuleRegistration rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var options = Gen.Constant(rule.DefaultOptions);
        foreach (var hyperparameter in rule.Hyperparameters)
        {
            var h = hyperparameter;
            options = from o in options
                      from value in Value(h)
                      select h.Set(o, value);
        }

        return options.Select(rule.Normalize);
    }

    /// <summary>Values of one hyperparameter, by its kind (flags as 0 and 1).</summary>
    public static Gen<double> Value(Hyperparameter hyperparameter)
    {
        ArgumentNullException.ThrowIfNull(hyperparameter);
        return hyperparameter.Kind switch
        {
            HyperparameterKind.Decay => Values.Beta,
            HyperparameterKind.OffOrDecay => Gen.Frequency((1, Gen.Constant(0.0)), (3, Values.Beta.Where(b => b > 0))),
            HyperparameterKind.Epsilon => Values.Epsilon,
            HyperparameterKind.WeightDecay => Values.WeightDecay,
            HyperparameterKind.Flag => Gen.Elements(0.0, 1.0),
            HyperparameterKind.Choice => Gen.Elements(hyperparameter.Choices.ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(hyperparameter), hyperparameter.Kind, $"No generator for the kind of '{hyperparameter.Name}'."),
        };
    }
}
