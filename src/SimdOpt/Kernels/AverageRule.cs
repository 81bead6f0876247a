using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// One update of a running average of the parameters; <see cref="UpdateLoop"/>'s "parameter" is the average and its
/// "gradient" the current parameters <c>p</c> (read only). With <typeparamref name="TEqual"/> off (exponential):
/// <c>a = keep * a + take * p</c> (two products, then the sum); on (equal weights, SWA):
/// <c>a = a + (p - a) / divisor</c> (a difference, a division, a sum).
/// </summary>
internal readonly struct AverageRule<TEqual>(float keep, float take, float divisor) : IUpdateRule
    where TEqual : struct, IFlag
{
    public static int StateCount => 0;

    public GradientTransform Transform => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLane>(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        where TLane : struct, ILane<TLane>
    {
        parameter = TEqual.IsOn
            ? parameter + ((gradient - parameter) / TLane.Create(divisor))
            : (TLane.Create(keep) * parameter) + (TLane.Create(take) * gradient);
    }
}
