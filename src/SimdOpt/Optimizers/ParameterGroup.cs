using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>
/// Tensors that share hyperparameters. A tensor belongs to the first group whose <see cref="Selects"/>
/// accepts it; tensors no group accepts use the optimizer's own options at scale 1. Order the layout so
/// each group's tensors are neighbours: a step makes one pass per contiguous run of one group.
/// </summary>
/// <typeparam name="TOptions">The optimizer's options type.</typeparam>
/// <param name="Name">A label for reports and checkpoints: not null, well-formed UTF-16 (no lone surrogate), since checkpoints store it as UTF-8.</param>
/// <param name="Selects">Which tensors belong to the group; not null.</param>
/// <param name="Options">The group's hyperparameters (weight decay, betas, momentum, ...); not null.</param>
/// <param name="LearningRateScale">The group's learning rate is <c>Optimizer.LearningRate * LearningRateScale</c>; range [0, +inf).</param>
public sealed record ParameterGroup<TOptions>(string Name, Func<TensorInfo, bool> Selects, TOptions Options, double LearningRateScale = 1.0)
    where TOptions : OptimizerOptions
{
    /// <summary>A label for reports and checkpoints.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    /// <exception cref="ArgumentException">Set to a string with a lone surrogate.</exception>
    public string Name { get; init => field = Checked(value); } = Checked(Name);

    /// <summary>Which tensors belong to the group.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public Func<TensorInfo, bool> Selects { get; init => field = value ?? throw new ArgumentNullException(nameof(Selects)); } =
        Selects ?? throw new ArgumentNullException(nameof(Selects));

    /// <summary>The group's hyperparameters.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public TOptions Options { get; init => field = value ?? throw new ArgumentNullException(nameof(Options)); } =
        Options ?? throw new ArgumentNullException(nameof(Options));

    /// <summary>A group of the tensors with the given names.</summary>
    public static ParameterGroup<TOptions> ForTensors(string name, TOptions options, params string[] tensorNames)
    {
        ArgumentNullException.ThrowIfNull(tensorNames);
        var names = new HashSet<string>(tensorNames, StringComparer.Ordinal);
        return new ParameterGroup<TOptions>(name, t => names.Contains(t.Name), options);
    }

    private static string Checked(string name)
    {
        NameCheck.Unicode(name, "Group name", nameof(Name));
        return name;
    }
}
