using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// The scalars of one Schedule-Free AdamW step for one parameter group (see <see cref="ScheduleFreeAdamWRule{TFirst, TDecay, TFlush}"/>):
/// <c>Ckp1</c> is the averaging weight c, <c>YStep</c> a, <c>ZStep</c> b, <c>YDecay</c> a_wd and <c>ZDecay</c> b_wd;
/// <c>FirstStep</c> and <c>Decays</c> choose the rule's <c>TFirst</c> and <c>TDecay</c>.
/// </summary>
internal readonly record struct ScheduleFreeAdamWScalars(
    GradientTransform Transform, bool FirstStep, bool Decays, float Beta2, float OneMinusBeta2, float EpsilonHat, float Ckp1, float YStep, float ZStep, float YDecay, float ZDecay, float SquareThreshold) : IGroupUpdate
{
    public void Run<TFlush, TStorage>(Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
        where TStorage : struct, IStateStorage
    {
        switch (FirstStep, Decays)
        {
            case (false, false):
                UpdateLoop.Run<ScheduleFreeAdamWRule<Off, Off, TFlush>, TStorage>(new ScheduleFreeAdamWRule<Off, Off, TFlush>(this), parameters, gradients, state);
                break;
            case (false, true):
                UpdateLoop.Run<ScheduleFreeAdamWRule<Off, On, TFlush>, TStorage>(new ScheduleFreeAdamWRule<Off, On, TFlush>(this), parameters, gradients, state);
                break;
            case (true, false):
                UpdateLoop.Run<ScheduleFreeAdamWRule<On, Off, TFlush>, TStorage>(new ScheduleFreeAdamWRule<On, Off, TFlush>(this), parameters, gradients, state);
                break;
            default:
                UpdateLoop.Run<ScheduleFreeAdamWRule<On, On, TFlush>, TStorage>(new ScheduleFreeAdamWRule<On, On, TFlush>(this), parameters, gradients, state);
                break;
        }
    }
}

/// <summary>
/// Schedule-Free AdamW over the buffer y (state 0 = z, state 1 = v):
/// <c>z = first ? y : z; v = beta2 * v + (1 - beta2) * (g * g); u = g / (sqrt(v) + epsHat);
/// y' = (y + c * (z - y)) + a * u [+ a_wd * y]; z' = (z - b * u) [- b_wd * y]</c>, with the weight-decay terms only
/// when <typeparamref name="TDecay"/> is on and y the value before the step. <typeparamref name="TFirst"/> is on for step 1,
/// whose z is the parameters themselves (the stored z is not read). With <typeparamref name="TFlush"/> on, <c>g * g</c>,
/// v and z are flushed as <see cref="SubnormalFlush{TFlush}"/> says.
/// </summary>
internal readonly struct ScheduleFreeAdamWRule<TFirst, TDecay, TFlush>(ScheduleFreeAdamWScalars s) : IUpdateRule
    where TFirst : struct, IFlag
    where TDecay : struct, IFlag
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
        private readonly TLane _beta2;
        private readonly TLane _oneMinusBeta2;
        private readonly TLane _squareThreshold;
        private readonly TLane _epsilonHat;
        private readonly TLane _ckp1;
        private readonly TLane _yStep;
        private readonly TLane _zStep;
        private readonly TLane _yDecay;
        private readonly TLane _zDecay;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(ScheduleFreeAdamWScalars s)
        {
            _beta2 = TLane.Create(s.Beta2);
            _oneMinusBeta2 = TLane.Create(s.OneMinusBeta2);
            _squareThreshold = TLane.Create(s.SquareThreshold);
            _epsilonHat = TLane.Create(s.EpsilonHat);
            _ckp1 = TLane.Create(s.Ckp1);
            _yStep = TLane.Create(s.YStep);
            _zStep = TLane.Create(s.ZStep);
            _yDecay = TLane.Create(s.YDecay);
            _zDecay = TLane.Create(s.ZDecay);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        {
            var y = parameter;
            var z = TFirst.IsOn ? y : state0;
            state1 = SubnormalFlush<TFlush>.State((_beta2 * state1) + (_oneMinusBeta2 * SubnormalFlush<TFlush>.Square(gradient, _squareThreshold)));
            var u = gradient / (TLane.Sqrt(state1) + _epsilonHat);
            var nextY = (y + (_ckp1 * (z - y))) + (_yStep * u);
            var nextZ = z - (_zStep * u);
            if (TDecay.IsOn)
            {
                nextY += _yDecay * y;
                nextZ -= _zDecay * y;
            }

            parameter = nextY;
            state0 = SubnormalFlush<TFlush>.State(nextZ);
        }
    }
}
