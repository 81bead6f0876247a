using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// The scalars of one SGD step for one parameter group: without momentum (<c>HasMomentum</c> off) it runs
/// <see cref="SgdRule"/>, with it <see cref="SgdMomentumRule{TNesterov, TFlush}"/>, <c>Nesterov</c> choosing <c>TNesterov</c>.
/// </summary>
internal readonly record struct SgdScalars(
    GradientTransform Transform, bool HasMomentum, bool Nesterov, float LearningRate, float Momentum, float GradientScale, bool FirstStep) : IGroupUpdate
{
    public void Run<TFlush, TStorage>(Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
        where TStorage : struct, IStateStorage
    {
        if (!HasMomentum)
        {
            UpdateLoop.Run<SgdRule, TStorage>(new SgdRule(Transform, LearningRate), parameters, gradients, state);
        }
        else if (Nesterov)
        {
            UpdateLoop.Run<SgdMomentumRule<On, TFlush>, TStorage>(new SgdMomentumRule<On, TFlush>(this), parameters, gradients, state);
        }
        else
        {
            UpdateLoop.Run<SgdMomentumRule<Off, TFlush>, TStorage>(new SgdMomentumRule<Off, TFlush>(this), parameters, gradients, state);
        }
    }
}

/// <summary>
/// PyTorch's SGD momentum (state 0 = b): <c>b = firstStep ? g : mu * b + (1 - dampening) * g</c>, then
/// <c>p = p - lr * (nesterov ? g + mu * b : b)</c>; with <typeparamref name="TFlush"/> on, b is flushed as
/// <see cref="SubnormalFlush{TFlush}"/> says before it is used.
/// </summary>
internal readonly struct SgdMomentumRule<TNesterov, TFlush>(SgdScalars s) : IUpdateRule
    where TNesterov : struct, IFlag
    where TFlush : struct, IFlag
{
    public GradientTransform Transform => s.Transform;

    public static int StateCount => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nuint RunWidth<TLane, TLoop>(ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLane : struct, ILane<TLane>
        where TLoop : struct, IWidthLoop<TLane> =>
        TLoop.Run(new Lanes<TLane>(s), Transform, ref parameters, ref gradients, state, index, length);

    private readonly struct Lanes<TLane> : ILaneRule<TLane>
        where TLane : struct, ILane<TLane>
    {
        private readonly TLane _momentum;
        private readonly TLane _gradientScale;
        private readonly TLane _learningRate;
        private readonly bool _firstStep;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(SgdScalars s)
        {
            _momentum = TLane.Create(s.Momentum);
            _gradientScale = TLane.Create(s.GradientScale);
            _learningRate = TLane.Create(s.LearningRate);
            _firstStep = s.FirstStep;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        {
            state0 = SubnormalFlush<TFlush>.State(_firstStep ? gradient : (_momentum * state0) + (_gradientScale * gradient));
            var direction = TNesterov.IsOn ? gradient + (_momentum * state0) : state0;
            parameter -= _learningRate * direction;
        }
    }
}
