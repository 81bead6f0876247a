using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>The scalars of one Adadelta step for one parameter group.</summary>
internal readonly record struct AdadeltaScalars(GradientTransform Transform, float LearningRate, float Rho, float OneMinusRho, float Epsilon, float SquareThreshold) : IGroupUpdate
{
    public void Run<TFlush, TStorage>(Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
        where TStorage : struct, IStateStorage =>
        UpdateLoop.Run<AdadeltaRule<TFlush>, TStorage>(new AdadeltaRule<TFlush>(this), parameters, gradients, state);
}

/// <summary>
/// Adadelta (state 0 = v, the square average; state 1 = u, the accumulated squared update):
/// <c>v = rho * v + (1 - rho) * (g * g); delta = sqrt((u + eps) / (v + eps)) * g;
/// u = rho * u + (1 - rho) * (delta * delta); p = p - lr * delta</c>.
/// With <typeparamref name="TFlush"/> on, both squared terms (<c>g * g</c> and <c>delta * delta</c>, one threshold
/// from <c>1 - rho</c>) and both stored states are flushed as <see cref="SubnormalFlush{TFlush}"/> says.
/// </summary>
internal readonly struct AdadeltaRule<TFlush>(AdadeltaScalars s) : IUpdateRule
    where TFlush : struct, IFlag
{
    public GradientTransform Transform => s.Transform;

    public static int StateCount => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nuint RunWidth<TLane, TLoop>(ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLane : struct, ILane<TLane>
        where TLoop : struct, IWidthLoop<TLane> =>
        TLoop.Run(new Lanes<TLane>(s), Transform, ref parameters, ref gradients, state, index, length);

    private readonly struct Lanes<TLane> : ILaneRule<TLane>
        where TLane : struct, ILane<TLane>
    {
        private readonly TLane _rho;
        private readonly TLane _oneMinusRho;
        private readonly TLane _epsilon;
        private readonly TLane _squareThreshold;
        private readonly TLane _learningRate;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(AdadeltaScalars s)
        {
            _rho = TLane.Create(s.Rho);
            _oneMinusRho = TLane.Create(s.OneMinusRho);
            _epsilon = TLane.Create(s.Epsilon);
            _squareThreshold = TLane.Create(s.SquareThreshold);
            _learningRate = TLane.Create(s.LearningRate);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        {
            state0 = SubnormalFlush<TFlush>.State((_rho * state0) + (_oneMinusRho * SubnormalFlush<TFlush>.Square(gradient, _squareThreshold)));
            var delta = TLane.Sqrt((state1 + _epsilon) / (state0 + _epsilon)) * gradient;
            state1 = SubnormalFlush<TFlush>.State((_rho * state1) + (_oneMinusRho * SubnormalFlush<TFlush>.Square(delta, _squareThreshold)));
            parameter -= _learningRate * delta;
        }
    }
}
