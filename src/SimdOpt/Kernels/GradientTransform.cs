using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// What every rule first does to the raw gradient: <c>g = maximize ? -g : g</c>, then, when the L2
/// coefficient is not zero, <c>g = g + weightDecay * p</c> (product rounded, then the sum).
/// </summary>
internal readonly struct GradientTransform(bool maximize, float weightDecay)
{
    private readonly bool _maximize = maximize;
    private readonly float _weightDecay = weightDecay;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TLane Apply<TLane>(TLane gradient, TLane parameter)
        where TLane : struct, ILane<TLane>
    {
        if (_maximize)
        {
            gradient = -gradient;
        }

        if (_weightDecay != 0f)
        {
            gradient += TLane.Create(_weightDecay) * parameter;
        }

        return gradient;
    }
}
