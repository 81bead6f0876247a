using SimdOpt.Precision;

namespace SimdOpt.Cli.Runs;

/// <summary>
/// One optimizer preset and the hyperparameters the command line set for it. Every hyperparameter not set keeps
/// the value in the preset's options record (see <see cref="OptimizerCatalog"/>); one the rule lacks is ignored.
/// </summary>
internal sealed record OptimizerSettings
{
    /// <summary>The preset's command-line name (see <see cref="OptimizerCatalog.Names"/>).</summary>
    public required string Name { get; init; }

    /// <summary>The learning rate.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Hyperparameters set on the command line, by their PyTorch names (<c>beta1</c>, <c>weight_decay</c>).</summary>
    public IReadOnlyDictionary<string, double> Hyperparameters { get; init; } = new Dictionary<string, double>();

    /// <summary>How the optimizer stores its per-element state (<c>--state-precision</c>; float32 by default).</summary>
    public StatePrecision StatePrecision { get; init; }

    /// <summary>8-bit state quantizes tensors of at least this many elements (<c>--min-8bit-size</c>; null: the library's 4,096).</summary>
    public int? QuantizedTensorMinimumLength { get; init; }
}
