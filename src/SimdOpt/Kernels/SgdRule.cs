using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>Plain SGD: <c>p = p - lr * g</c>.</summary>
internal readonly struct SgdRule(GradientTransform transform, float learningRate) : IUpdateRule
{
    public GradientTransform Transform => transform;

    public static int StateCount => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nuint RunWidth<TLane, TLoop>(ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLane : struct, ILane<TLane>
        where TLoop : struct, IWidthLoop<TLane> =>
        TLoop.Run(new Lanes<TLane>(learningRate), Transform, ref parameters, ref gradients, state, index, length);

    private readonly struct Lanes<TLane> : ILaneRule<TLane>
        where TLane : struct, ILane<TLane>
    {
        private readonly TLane _learningRate;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(float learningRate)
        {
            _learningRate = TLane.Create(learningRate);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
            => parameter -= _learningRate * gradient;
    }
}
