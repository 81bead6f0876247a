using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// What every rule first does to the raw gradient: <c>g = maximize ? -g : g</c>, then, when the L2
/// coefficient is not zero, <c>g = g + weightDecay * p</c> (product rounded, then the sum).
/// <see cref="UpdateLoop"/> applies it before the rule, with both choices fixed at compile time, so the
/// common case (neither) costs nothing per element.
/// </summary>
internal readonly struct GradientTransform(bool maximize, float weightDecay)
{
    /// <summary>Whether the gradient is negated.</summary>
    public bool Maximize { get; } = maximize;

    /// <summary>The L2 coefficient; 0 adds nothing (not even <c>0 * p</c>, so -0 gradients and infinite parameters pass unchanged).</summary>
    public float WeightDecay { get; } = weightDecay;

    /// <summary>The transform, for a loop specialised on <c>TMaximize.IsOn == Maximize</c> and <c>TDecay.IsOn == (WeightDecay != 0)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TLane Apply<TLane, TMaximize, TDecay>(TLane gradient, TLane parameter)
        where TLane : struct, ILane<TLane>
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag
    {
        if (TMaximize.IsOn)
        {
            gradient = -gradient;
        }

        if (TDecay.IsOn)
        {
            gradient += TLane.Create(WeightDecay) * parameter;
        }

        return gradient;
    }
}
