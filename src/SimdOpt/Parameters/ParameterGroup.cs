using SimdOpt.Optimizers;

namespace SimdOpt.Parameters;

/// <summary>
/// Tensors that share hyperparameters. A tensor belongs to the first group whose <see cref="Selects"/>
/// accepts it; tensors no group accepts use the optimizer's own options at scale 1. Order the layout so
/// each group's tensors are neighbours: a step makes one pass per contiguous run of one group.
/// </summary>
/// <typeparam name="TOptions">The optimizer's options type.</typeparam>
/// <param name="Name">A label for reports and checkpoints.</param>
/// <param name="Selects">Which tensors belong to the group.</param>
/// <param name="Options">The group's hyperparameters (weight decay, betas, momentum, ...).</param>
/// <param name="LearningRateScale">The group's learning rate is <c>Optimizer.LearningRate * LearningRateScale</c>; range [0, +inf).</param>
public sealed record ParameterGroup<TOptions>(string Name, Func<TensorInfo, bool> Selects, TOptions Options, double LearningRateScale = 1.0)
    where TOptions : OptimizerOptions
{
    /// <summary>A group of the tensors with the given names.</summary>
    public static ParameterGroup<TOptions> ForTensors(string name, TOptions options, params string[] tensorNames)
    {
        ArgumentNullException.ThrowIfNull(tensorNames);
        var names = new HashSet<string>(tensorNames, StringComparer.Ordinal);
        return new ParameterGroup<TOptions>(name, t => names.Contains(t.Name), options);
    }
}
