namespace SimdOpt.Kernels;

/// <summary>
/// What every rule first does to the raw gradient: when the divisor is not 1, <c>g = g / divisor</c> (the mean of
/// an accumulated sum: <c>divisor = (float)k</c>); then <c>g = maximize ? -g : g</c>, then, when the L2
/// coefficient is not zero, <c>g = g + weightDecay * p</c> (product rounded, then the sum).
/// <see cref="UpdateLoop"/> applies it before the rule (through <see cref="GradientTransformLanes{TLane}"/>), with all three
/// choices fixed at compile time, so the common case (none) costs nothing per element.
/// </summary>
internal readonly struct GradientTransform(bool maximize, float weightDecay, float divisor = 1f)
{
    /// <summary>Whether the gradient is negated.</summary>
    public bool Maximize { get; } = maximize;

    /// <summary>The L2 coefficient; 0 adds nothing (not even <c>0 * p</c>, so -0 gradients and infinite parameters pass unchanged).</summary>
    public float WeightDecay { get; } = weightDecay;

    /// <summary>What the gradient is divided by first, when <see cref="Divides"/>.</summary>
    public float Divisor { get; } = divisor;

    /// <summary>Whether the gradient is divided: <see cref="Divisor"/> is not 1 (false for the default transform, which does nothing).</summary>
    public bool Divides { get; } = divisor != 1f;
}
