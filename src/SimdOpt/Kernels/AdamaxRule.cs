using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>The scalars of one Adamax step for one parameter group (see <see cref="AdamaxRule{TFlush}"/>).</summary>
internal readonly record struct AdamaxScalars(GradientTransform Transform, float Beta1, float OneMinusBeta1, float Beta2, float Epsilon, float StepSize) : IGroupUpdate
{
    public void Run<TFlush, TStorage>(Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
        where TStorage : struct, IStateStorage =>
        UpdateLoop.Run<AdamaxRule<TFlush>, TStorage>(new AdamaxRule<TFlush>(this), parameters, gradients, state);
}

/// <summary>
/// Adamax (states m, u): <c>m = beta1 * m + (1 - beta1) * g</c>; <c>u = max(beta2 * u, |g| + eps)</c> (IEEE maximum:
/// NaN propagates); <c>p = p - (stepSize * m) / u</c>. With <typeparamref name="TFlush"/> on, m and u are flushed as they are stored.
/// </summary>
internal readonly struct AdamaxRule<TFlush>(AdamaxScalars s) : IUpdateRule
    where TFlush : struct, IFlag
{
    public GradientTransform Transform => s.Transform;

    public static int StateCount => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLane>(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        where TLane : struct, ILane<TLane>
    {
        state0 = SubnormalFlush<TFlush>.State((TLane.Create(s.Beta1) * state0) + (TLane.Create(s.OneMinusBeta1) * gradient));
        state1 = SubnormalFlush<TFlush>.State(TLane.Max(TLane.Create(s.Beta2) * state1, TLane.Abs(gradient) + TLane.Create(s.Epsilon)));
        parameter -= (TLane.Create(s.StepSize) * state0) / state1;
    }
}
