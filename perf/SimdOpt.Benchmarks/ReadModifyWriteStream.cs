using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SimdOpt.Parameters;

namespace SimdOpt.Benchmarks;

/// <summary>
/// The limit a rule can reach: a read-modify-write stream over the rule's own buffers with trivial arithmetic,
/// written directly with <see cref="Vector512{T}"/> (two vectors per iteration) over 64-byte aligned buffers.
/// It reads p, g and every state and writes p and every state, so it moves the rule's bytes per element:
/// 12 with no state (SGD), 20 with one (momentum, AdaGrad, RMSProp), 28 with two (Adam), 36 with three (AMSGrad).
/// Each state does <c>s = s + g</c>, the parameter <c>p = p + g</c>.
/// </summary>
public static class ReadModifyWriteStream
{
    /// <summary>Streams elements [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of every buffer.</summary>
    /// <param name="parameters">Read and written: <c>p = p + g</c>.</param>
    /// <param name="gradients">Read only.</param>
    /// <param name="states">Zero to three buffers, each read and written: <c>s = s + g</c>.</param>
    /// <param name="start">First element.</param>
    /// <param name="length">Number of elements.</param>
    public static void Run(ParameterBuffer parameters, ParameterBuffer gradients, ParameterBuffer[] states, int start, int length)
    {
        var p = parameters.Span.Slice(start, length);
        var g = gradients.Span.Slice(start, length);
        switch (states.Length)
        {
            case 0:
                Stream<None>(p, g, [], [], []);
                break;
            case 1:
                Stream<One>(p, g, states[0].Span.Slice(start, length), [], []);
                break;
            case 2:
                Stream<Two>(p, g, states[0].Span.Slice(start, length), states[1].Span.Slice(start, length), []);
                break;
            case 3:
                Stream<Three>(p, g, states[0].Span.Slice(start, length), states[1].Span.Slice(start, length), states[2].Span.Slice(start, length));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(states), states.Length, "The stream takes at most three state buffers.");
        }
    }

    private static void Stream<TCount>(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state0, Span<float> state1, Span<float> state2)
        where TCount : struct, IStateCount
    {
        var length = (nuint)parameters.Length;
        ref var p = ref MemoryMarshal.GetReference(parameters);
        ref var g = ref MemoryMarshal.GetReference(gradients);
        ref var a = ref MemoryMarshal.GetReference(state0);
        ref var b = ref MemoryMarshal.GetReference(state1);
        ref var c = ref MemoryMarshal.GetReference(state2);
        var width = (nuint)Vector512<float>.Count;
        nuint i = 0;
        for (; length - i >= 2 * width; i += 2 * width)
        {
            Block<TCount>(ref p, ref g, ref a, ref b, ref c, i);
            Block<TCount>(ref p, ref g, ref a, ref b, ref c, i + width);
        }

        for (; i < length; i++)
        {
            var gi = Unsafe.Add(ref g, i);
            Unsafe.Add(ref p, i) += gi;
            if (TCount.Value > 0)
            {
                Unsafe.Add(ref a, i) += gi;
            }

            if (TCount.Value > 1)
            {
                Unsafe.Add(ref b, i) += gi;
            }

            if (TCount.Value > 2)
            {
                Unsafe.Add(ref c, i) += gi;
            }
        }
    }

    /// <summary>
    /// One vector of every stream: all loads first, then all stores, in the kernels' order. (Storing p before
    /// loading the states would make each state load wait on a store 4 KB-aliased with it, since the buffers
    /// are equally sized siblings, and understate the limit.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block<TCount>(ref float p, ref float g, ref float a, ref float b, ref float c, nuint i)
        where TCount : struct, IStateCount
    {
        var gv = Vector512.LoadUnsafe(ref g, i);
        var pv = Vector512.LoadUnsafe(ref p, i);
        var av = TCount.Value > 0 ? Vector512.LoadUnsafe(ref a, i) : default;
        var bv = TCount.Value > 1 ? Vector512.LoadUnsafe(ref b, i) : default;
        var cv = TCount.Value > 2 ? Vector512.LoadUnsafe(ref c, i) : default;
        (pv + gv).StoreUnsafe(ref p, i);
        if (TCount.Value > 0)
        {
            (av + gv).StoreUnsafe(ref a, i);
        }

        if (TCount.Value > 1)
        {
            (bv + gv).StoreUnsafe(ref b, i);
        }

        if (TCount.Value > 2)
        {
            (cv + gv).StoreUnsafe(ref c, i);
        }
    }

    private interface IStateCount
    {
        static abstract int Value { get; }
    }

    private readonly struct None : IStateCount
    {
        public static int Value => 0;
    }

    private readonly struct One : IStateCount
    {
        public static int Value => 1;
    }

    private readonly struct Two : IStateCount
    {
        public static int Value => 2;
    }

    private readonly struct Three : IStateCount
    {
        public static int Value => 3;
    }
}
