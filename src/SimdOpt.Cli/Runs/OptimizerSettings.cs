namespace SimdOpt.Cli.Runs;

/// <summary>
/// One optimizer and its hyperparameters, as the command line names them. Only the hyperparameters the
/// chosen rule uses matter; a null epsilon means the rule's own default.
/// </summary>
internal sealed record OptimizerSettings
{
    /// <summary>The optimizer's command-line name (see <see cref="OptimizerCatalog.Names"/>).</summary>
    public required string Name { get; init; }

    /// <summary>The learning rate.</summary>
    public required double LearningRate { get; init; }

    /// <summary>The moving-average momentum coefficient (course form).</summary>
    public double Beta { get; init; } = 0.9;

    /// <summary>The PyTorch-form momentum coefficient (sgd-momentum, nesterov).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Adam's first-moment decay.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's second-moment decay.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>RMSProp's smoothing constant.</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>The denominator's epsilon; null for the rule's default.</summary>
    public double? Epsilon { get; init; }

    /// <summary>Weight decay (decoupled for adamw, L2 otherwise); null for the rule's default (adamw 0.01, others 0).</summary>
    public double? WeightDecay { get; init; }
}
