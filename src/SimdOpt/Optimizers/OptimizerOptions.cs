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

    /// <summary>
    /// Flush subnormal floats to zero in software (default false: IEEE arithmetic, unchanged results). Subnormals
    /// (magnitude below 2^-126) make some CPUs take a slow path; tiny gradients produce them in squared terms and
    /// decaying states. When true, with g the gradient after <see cref="Maximize"/> and <see cref="WeightDecay"/>:
    /// <list type="number">
    /// <item>Squared terms: the rule uses <c>g2 * g2</c> in place of <c>g * g</c>, with <c>g2 = |g| &lt; T ? +0 : g</c>
    /// (first moments and momentum still use g). T is per parameter group, computed in double from the float
    /// coefficient c of the term and rounded up to a float: <c>T = max(2^-63, sqrt(2^-126 / c))</c> with
    /// <c>c = (float)(1 - beta2)</c> for <see cref="AdamOptions"/>, <see cref="NAdamOptions"/> and <see cref="RAdamOptions"/>, <c>c = (float)(1 - alpha)</c> for
    /// <see cref="RmsPropOptions"/>, and <c>T = 2^-63</c> for <see cref="AdaGradOptions"/> (c = 1). Every term
    /// that is not zero is then at least 2^-126.</item>
    /// <item>States: every state value a step writes (Adam's, NAdam's and RAdam's m, v and vmax, Adamax's m and u, Lion's m, RMSProp's square and gradient averages
    /// and momentum buffer, AdaGrad's sum, both momentum buffers) is stored as <c>|s| &lt; 2^-126 ? +0 : s</c>
    /// (so a -0 state is stored as +0), and the rest of the step uses that stored value. NaN and infinities
    /// pass through.</item>
    /// </list>
    /// Parameters are never flushed. Plain SGD (no momentum) has no state and no squared term: the option changes
    /// nothing there. In spirit this is PyTorch's <c>torch.set_flush_denormal(True)</c>, but it is deterministic (the
    /// same bits on every CPU and path, matched by the <c>SimdOpt.Reference</c> rules) and set per optimizer or group.
    /// </summary>
    public bool FlushSubnormals { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first hyperparameter outside its range.</summary>
    public virtual void Validate() => Check.NonNegative(WeightDecay, nameof(WeightDecay));
}
