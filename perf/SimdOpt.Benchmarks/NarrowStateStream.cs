using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SimdOpt.Benchmarks;

/// <summary>
/// The limit for a two-state rule whose state is stored in a narrower type <typeparamref name="T"/> (ushort for bfloat16,
/// byte for 8-bit codes): a read-modify-write stream that reads p and g (float32) and both states and writes p and both
/// states, with trivial arithmetic (<c>p = p + g</c>, <c>s = s + s</c>), in <see cref="Vector512{T}"/> over 64 elements at a
/// time. It moves 12 + 4 * sizeof(T) bytes per element: 20 for bfloat16 state, 16 for 8-bit codes.
/// </summary>
/// <typeparam name="T">The stored state element.</typeparam>
public static class NarrowStateStream<T>
    where T : unmanaged
{
    private const int Elements = 64;

    /// <summary>Streams elements [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of every buffer.</summary>
    public static void Run(Span<float> parameters, ReadOnlySpan<float> gradients, Span<T> first, Span<T> second, int start, int length)
    {
        ref var p = ref Unsafe.Add(ref MemoryMarshal.GetReference(parameters), start);
        ref var g = ref Unsafe.Add(ref MemoryMarshal.GetReference(gradients), start);
        ref var a = ref Unsafe.Add(ref MemoryMarshal.GetReference(first), start);
        ref var b = ref Unsafe.Add(ref MemoryMarshal.GetReference(second), start);
        var floatWidth = (nuint)Vector512<float>.Count;
        var stateVectors = (nuint)(Elements / Vector512<T>.Count);
        var stateWidth = (nuint)Vector512<T>.Count;
        nuint i = 0;
        for (; (nuint)length - i >= Elements; i += Elements)
        {
            for (nuint k = 0; k < stateVectors; k++)
            {
                var av = Vector512.LoadUnsafe(ref a, i + (k * stateWidth));
                var bv = Vector512.LoadUnsafe(ref b, i + (k * stateWidth));
                (av + av).StoreUnsafe(ref a, i + (k * stateWidth));
                (bv + bv).StoreUnsafe(ref b, i + (k * stateWidth));
            }

            for (nuint k = 0; k < Elements; k += floatWidth)
            {
                var gv = Vector512.LoadUnsafe(ref g, i + k);
                var pv = Vector512.LoadUnsafe(ref p, i + k);
                (pv + gv).StoreUnsafe(ref p, i + k);
            }
        }

        for (; i < (nuint)length; i++)
        {
            Unsafe.Add(ref p, i) += Unsafe.Add(ref g, i);
            (Unsafe.Add(ref a, i), Unsafe.Add(ref b, i)) = (Unsafe.Add(ref b, i), Unsafe.Add(ref a, i));
        }
    }
}
