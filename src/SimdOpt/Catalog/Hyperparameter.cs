using SimdOpt.Optimizers;

namespace SimdOpt.Catalog;

/// <summary>
/// One hyperparameter of a rule, under its PyTorch name (<c>beta1</c>, <c>eps</c>, <c>momentum</c>, ...): what values
/// it takes and how to read it from and write it into an options record. Flags read and write as 0 and 1.
/// </summary>
public sealed class Hyperparameter
{
    private readonly Func<OptimizerOptions, double> _get;
    private readonly Func<OptimizerOptions, double, OptimizerOptions> _set;

    internal Hyperparameter(string name, HyperparameterKind kind, IReadOnlyList<double> choices, Func<OptimizerOptions, double> get, Func<OptimizerOptions, double, OptimizerOptions> set)
    {
        Name = name;
        Kind = kind;
        Choices = choices;
        _get = get;
        _set = set;
    }

    /// <summary>The PyTorch name, snake_case (the command line spells it <c>--beta1</c>, <c>--weight-decay</c>).</summary>
    public string Name { get; }

    /// <summary>What values it takes.</summary>
    public HyperparameterKind Kind { get; }

    /// <summary>The values of a <see cref="HyperparameterKind.Choice"/>; empty for the other kinds.</summary>
    public IReadOnlyList<double> Choices { get; }

    /// <summary>Whether it is a switch (read and written as 0 or 1).</summary>
    public bool IsFlag => Kind == HyperparameterKind.Flag;

    /// <summary>Its value in <paramref name="options"/> (a flag as 0 or 1).</summary>
    public double Get(OptimizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _get(options);
    }

    /// <summary>A copy of <paramref name="options"/> with this hyperparameter set to <paramref name="value"/> (a flag is on when the value is not 0). Not validated here.</summary>
    public OptimizerOptions Set(OptimizerOptions options, double value)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _set(options, value);
    }
}
