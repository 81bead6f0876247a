using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// One update of a running average of the parameters. With <typeparamref name="TEqual"/> off (exponential):
/// <c>a = keep * a + take * p</c> (two products, then the sum); on (equal weights, SWA):
/// <c>a = a + (p - a) / divisor</c> (a difference, a division, a sum). As a rule of its own pass
/// (<see cref="IUpdateRule"/>), <see cref="UpdateLoop"/>'s "parameter" is the average and its "gradient" the current
/// parameters <c>p</c> (read only); fused into an optimizer's step (<see cref="IAverageUpdate"/>), <c>p</c> is the
/// parameter the step has just computed.
/// </summary>
internal readonly struct AverageRule<TEqual>(AverageUpdate update) : IUpdateRule, IAverageUpdate
    where TEqual : struct, IFlag
{
    public static int StateCount => 0;

    public static bool IsOn
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => true;
    }

    public GradientTransform Transform => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nuint RunWidth<TLane, TLoop>(ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLane : struct, ILane<TLane>
        where TLoop : struct, IWidthLoop<TLane> =>
        TLoop.Run(new Lanes<TLane>(update), Transform, ref parameters, ref gradients, state, index, length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane Next<TLane>(TLane average, TLane parameter, in AverageLanes<TLane> lanes)
        where TLane : struct, ILane<TLane> =>
        TEqual.IsOn
            ? average + ((parameter - average) / lanes.Divisor)
            : (lanes.Keep * average) + (lanes.Take * parameter);

    private readonly struct Lanes<TLane> : ILaneRule<TLane>
        where TLane : struct, ILane<TLane>
    {
        private readonly AverageLanes<TLane> _average;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(AverageUpdate update)
        {
            _average = new(update);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2) =>
            parameter = Next(parameter, gradient, _average);
    }
}
