using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// The scalars of one Adam step for one parameter group (see <see cref="AdamRule{TAmsgrad, TDecoupled, TFlush}"/>);
/// <c>Amsgrad</c> and <c>Decoupled</c> choose the rule's <c>TAmsgrad</c> and <c>TDecoupled</c>.
/// </summary>
internal readonly record struct AdamScalars(
    GradientTransform Transform, bool Amsgrad, bool Decoupled, float Decay, MomentScalars Moments, float StepSize, float EpsilonHat) : IGroupUpdate
{
    public void Run<TFlush, TStorage>(Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
        where TStorage : struct, IStateStorage
    {
        switch (Amsgrad, Decoupled)
        {
            case (false, false):
                UpdateLoop.Run<AdamRule<Off, Off, TFlush>, TStorage>(new AdamRule<Off, Off, TFlush>(this), parameters, gradients, state);
                break;
            case (false, true):
                UpdateLoop.Run<AdamRule<Off, On, TFlush>, TStorage>(new AdamRule<Off, On, TFlush>(this), parameters, gradients, state);
                break;
            case (true, false):
                UpdateLoop.Run<AdamRule<On, Off, TFlush>, TStorage>(new AdamRule<On, Off, TFlush>(this), parameters, gradients, state);
                break;
            default:
                UpdateLoop.Run<AdamRule<On, On, TFlush>, TStorage>(new AdamRule<On, On, TFlush>(this), parameters, gradients, state);
                break;
        }
    }
}

/// <summary>
/// Adam / AdamW (states m, v, and vmax with AMSGrad):
/// decoupled (<typeparamref name="TDecoupled"/> on, a compile-time flag so the loop has no branch on it): <c>p = p * decay</c>;
/// <c>m = beta1 * m + (1 - beta1) * g; v = beta2 * v + (1 - beta2) * (g * g)</c> (<see cref="AdamMoments{TFlush}"/>);
/// AMSGrad: <c>vmax = max(vmax, v)</c> and vmax replaces v below;
/// <c>p = p - (stepSize * m) / (sqrt(v) + epsHat)</c>.
/// With <typeparamref name="TFlush"/> on, <c>g * g</c> and every stored state are flushed as <see cref="SubnormalFlush{TFlush}"/> says.
/// </summary>
internal readonly struct AdamRule<TAmsgrad, TDecoupled, TFlush>(AdamScalars s) : IUpdateRule
    where TAmsgrad : struct, IFlag
    where TDecoupled : struct, IFlag
    where TFlush : struct, IFlag
{
    public GradientTransform Transform => s.Transform;

    // Forced inline: a flag read, and the update loop needs it as a constant.
    public static int StateCount
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TAmsgrad.IsOn ? 3 : 2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nuint RunWidth<TLane, TLoop>(ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLane : struct, ILane<TLane>
        where TLoop : struct, IWidthLoop<TLane> =>
        TLoop.Run(new Lanes<TLane>(s), Transform, ref parameters, ref gradients, state, index, length);

    private readonly struct Lanes<TLane> : ILaneRule<TLane>
        where TLane : struct, ILane<TLane>
    {
        private readonly TLane _decay;
        private readonly MomentLanes<TLane> _moments;
        private readonly TLane _stepSize;
        private readonly TLane _epsilonHat;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(AdamScalars s)
        {
            _decay = TLane.Create(s.Decay);
            _moments = new(s.Moments);
            _stepSize = TLane.Create(s.StepSize);
            _epsilonHat = TLane.Create(s.EpsilonHat);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        {
            if (TDecoupled.IsOn)
            {
                parameter *= _decay;
            }

            AdamMoments<TFlush>.Update(ref state0, ref state1, gradient, _moments);
            var second = state1;
            if (TAmsgrad.IsOn)
            {
                state2 = SubnormalFlush<TFlush>.State(TLane.Max(state2, state1));
                second = state2;
            }

            parameter -= (_stepSize * state0) / (TLane.Sqrt(second) + _epsilonHat);
        }
    }
}
