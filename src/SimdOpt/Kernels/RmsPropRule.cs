using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// The scalars of one RMSProp step for one parameter group; <c>Centered</c> and <c>HasMomentum</c> choose the rule's
/// <c>TCentered</c> and <c>TMomentum</c>.
/// </summary>
internal readonly record struct RmsPropScalars(
    GradientTransform Transform, bool Centered, bool HasMomentum, float LearningRate, float Alpha, float OneMinusAlpha, float Epsilon, float Momentum, float SquareThreshold) : IGroupUpdate
{
    public void Run<TFlush, TStorage>(Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
        where TStorage : struct, IStateStorage
    {
        switch (Centered, HasMomentum)
        {
            case (false, false):
                UpdateLoop.Run<RmsPropRule<Off, Off, TFlush>, TStorage>(new RmsPropRule<Off, Off, TFlush>(this), parameters, gradients, state);
                break;
            case (true, false):
                UpdateLoop.Run<RmsPropRule<On, Off, TFlush>, TStorage>(new RmsPropRule<On, Off, TFlush>(this), parameters, gradients, state);
                break;
            case (false, true):
                UpdateLoop.Run<RmsPropRule<Off, On, TFlush>, TStorage>(new RmsPropRule<Off, On, TFlush>(this), parameters, gradients, state);
                break;
            default:
                UpdateLoop.Run<RmsPropRule<On, On, TFlush>, TStorage>(new RmsPropRule<On, On, TFlush>(this), parameters, gradients, state);
                break;
        }
    }
}

/// <summary>
/// RMSProp. States in order: v (square average), then the gradient average when centered, then the
/// momentum buffer when momentum is on.
/// <c>v = alpha * v + (1 - alpha) * (g * g)</c>;
/// centered: <c>a = alpha * a + (1 - alpha) * g; d = sqrt(v - a * a) + eps</c>, else <c>d = sqrt(v) + eps</c>;
/// momentum: <c>buf = mu * buf + g / d; p = p - lr * buf</c>, else <c>p = p - lr * (g / d)</c>.
/// With <typeparamref name="TFlush"/> on, <c>g * g</c> and every stored state are flushed as <see cref="SubnormalFlush{TFlush}"/> says.
/// </summary>
internal readonly struct RmsPropRule<TCentered, TMomentum, TFlush>(RmsPropScalars s) : IUpdateRule
    where TCentered : struct, IFlag
    where TMomentum : struct, IFlag
    where TFlush : struct, IFlag
{
    public GradientTransform Transform => s.Transform;

    // Forced inline: with two flag reads it is not a trivial getter, and the update loop needs it as a constant.
    public static int StateCount
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => 1 + (TCentered.IsOn ? 1 : 0) + (TMomentum.IsOn ? 1 : 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nuint RunWidth<TLane, TLoop>(ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLane : struct, ILane<TLane>
        where TLoop : struct, IWidthLoop<TLane> =>
        TLoop.Run(new Lanes<TLane>(s), Transform, ref parameters, ref gradients, state, index, length);

    private readonly struct Lanes<TLane> : ILaneRule<TLane>
        where TLane : struct, ILane<TLane>
    {
        private readonly TLane _alpha;
        private readonly TLane _oneMinusAlpha;
        private readonly TLane _squareThreshold;
        private readonly TLane _epsilon;
        private readonly TLane _momentum;
        private readonly TLane _learningRate;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(RmsPropScalars s)
        {
            _alpha = TLane.Create(s.Alpha);
            _oneMinusAlpha = TLane.Create(s.OneMinusAlpha);
            _squareThreshold = TLane.Create(s.SquareThreshold);
            _epsilon = TLane.Create(s.Epsilon);
            _momentum = TLane.Create(s.Momentum);
            _learningRate = TLane.Create(s.LearningRate);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        {
            state0 = SubnormalFlush<TFlush>.State((_alpha * state0) + (_oneMinusAlpha * SubnormalFlush<TFlush>.Square(gradient, _squareThreshold)));
            TLane denominator;
            if (TCentered.IsOn)
            {
                state1 = SubnormalFlush<TFlush>.State((_alpha * state1) + (_oneMinusAlpha * gradient));
                denominator = TLane.Sqrt(state0 - (state1 * state1)) + _epsilon;
            }
            else
            {
                denominator = TLane.Sqrt(state0) + _epsilon;
            }

            if (TMomentum.IsOn)
            {
                ref var buffer = ref TCentered.IsOn ? ref state2 : ref state1;
                buffer = SubnormalFlush<TFlush>.State((_momentum * buffer) + (gradient / denominator));
                parameter -= _learningRate * buffer;
            }
            else
            {
                parameter -= _learningRate * (gradient / denominator);
            }
        }
    }
}
