using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// A <see cref="GradientTransform"/> at one lane width: its divisor and L2 coefficient broadcast once, before the
/// width's loop.
/// </summary>
/// <typeparam name="TLane">The lane width.</typeparam>
internal readonly struct GradientTransformLanes<TLane>(GradientTransform transform)
    where TLane : struct, ILane<TLane>
{
    private readonly TLane _divisor = TLane.Create(transform.Divisor);
    private readonly TLane _weightDecay = TLane.Create(transform.WeightDecay);

    /// <summary>
    /// The transform, for a loop specialised on <c>TDivide.IsOn == Divides</c>, <c>TMaximize.IsOn == Maximize</c> and
    /// <c>TDecay.IsOn == (WeightDecay != 0)</c>: <c>g / divisor</c>, then the sign, then <c>g + weightDecay * p</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TLane Apply<TDivide, TMaximize, TDecay>(TLane gradient, TLane parameter)
        where TDivide : struct, IFlag
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag
    {
        if (TDivide.IsOn)
        {
            gradient /= _divisor;
        }

        if (TMaximize.IsOn)
        {
            gradient = -gradient;
        }

        if (TDecay.IsOn)
        {
            gradient += _weightDecay * parameter;
        }

        return gradient;
    }
}
