namespace SimdOpt.Optimizers;

/// <summary>Hyperparameters every rule shares, named as in PyTorch's <c>torch.optim</c>.</summary>
public abstract record OptimizerOptions
{
    /// <summary>
    /// L2 penalty added to the gradient before the rule: <c>g = g + weight_decay * p</c>
    /// (AdamW's decoupled form is <see cref="AdamOptions.DecoupledWeightDecay"/>). Range [0, +inf).
    /// </summary>
    public double WeightDecay { get; init; }

    /// <summary>Ascend instead of descend: the rule sees <c>-g</c>.</summary>
    public bool Maximize { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first hyperparameter outside its range.</summary>
    public virtual void Validate() => Check.NonNegative(WeightDecay, nameof(WeightDecay));
}
