using System.Numerics;
using System.Runtime.InteropServices;

namespace SimdOpt.Training.Network;

/// <summary>The activations and the loss of the network, element by element (vector loops give the scalar loops' bits).</summary>
internal static class Activations
{
    /// <summary><c>a = z &gt; 0 ? z : +0</c> (NaN gives +0).</summary>
    public static void Relu(ReadOnlySpan<float> z, Span<float> a)
    {
        ref var zOrigin = ref MemoryMarshal.GetReference(z);
        ref var aOrigin = ref MemoryMarshal.GetReference(a);
        var vectorEnd = DenseMath.VectorEnd(z.Length);
        var j = 0;
        for (; j < vectorEnd; j += Vector<float>.Count)
        {
            var value = Vector.LoadUnsafe(ref zOrigin, (nuint)j);
            Vector.ConditionalSelect(Vector.GreaterThan(value, Vector<float>.Zero), value, Vector<float>.Zero).StoreUnsafe(ref aOrigin, (nuint)j);
        }

        for (; j < z.Length; j++)
        {
            a[j] = z[j] > 0f ? z[j] : 0f;
        }
    }

    /// <summary><c>dz = a &gt; 0 ? da : +0</c>, in place over <paramref name="da"/>.</summary>
    public static void ReluBackward(Span<float> da, ReadOnlySpan<float> a)
    {
        ref var daOrigin = ref MemoryMarshal.GetReference(da);
        ref var aOrigin = ref MemoryMarshal.GetReference(a);
        var vectorEnd = DenseMath.VectorEnd(da.Length);
        var j = 0;
        for (; j < vectorEnd; j += Vector<float>.Count)
        {
            var active = Vector.GreaterThan(Vector.LoadUnsafe(ref aOrigin, (nuint)j), Vector<float>.Zero);
            Vector.ConditionalSelect(active, Vector.LoadUnsafe(ref daOrigin, (nuint)j), Vector<float>.Zero).StoreUnsafe(ref daOrigin, (nuint)j);
        }

        for (; j < da.Length; j++)
        {
            if (!(a[j] > 0f))
            {
                da[j] = 0f;
            }
        }
    }

    /// <summary>
    /// <c>a = 1 / (1 + exp(-z))</c> in float, rounded after the exponential, the addition and the division, with the
    /// exponential of <see cref="FloatExponential"/> (on Linux x86-64 with FMA the bits of <see cref="MathF.Exp"/>).
    /// </summary>
    public static void Sigmoid(ReadOnlySpan<float> z, Span<float> a)
    {
        ref var zOrigin = ref MemoryMarshal.GetReference(z);
        ref var aOrigin = ref MemoryMarshal.GetReference(a);
        var vectorEnd = DenseMath.VectorEnd(z.Length);
        var j = 0;
        for (; j < vectorEnd; j += Vector<float>.Count)
        {
            var exponential = FloatExponential.Of(-Vector.LoadUnsafe(ref zOrigin, (nuint)j));
            (Vector<float>.One / (Vector<float>.One + exponential)).StoreUnsafe(ref aOrigin, (nuint)j);
        }

        for (; j < z.Length; j++)
        {
            a[j] = 1f / (1f + FloatExponential.Of(-z[j]));
        }
    }

    /// <summary>
    /// The output layer's error <c>dz = (a - y) / divisor</c>, rounded after the subtraction and after the division;
    /// <c>divisor</c> is the number of examples the cost is averaged over (the batch's m, or the whole batch's size
    /// when a data-parallel rank holds one part of it).
    /// </summary>
    public static void OutputDelta(ReadOnlySpan<float> output, ReadOnlySpan<float> labels, Span<float> delta, float divisor)
    {
        var m = divisor;
        ref var outputOrigin = ref MemoryMarshal.GetReference(output);
        ref var labelsOrigin = ref MemoryMarshal.GetReference(labels);
        ref var deltaOrigin = ref MemoryMarshal.GetReference(delta);
        var vectorEnd = DenseMath.VectorEnd(delta.Length);
        var j = 0;
        for (; j < vectorEnd; j += Vector<float>.Count)
        {
            ((Vector.LoadUnsafe(ref outputOrigin, (nuint)j) - Vector.LoadUnsafe(ref labelsOrigin, (nuint)j)) / new Vector<float>(m)).StoreUnsafe(ref deltaOrigin, (nuint)j);
        }

        for (; j < delta.Length; j++)
        {
            delta[j] = (output[j] - labels[j]) / m;
        }
    }

    /// <summary>
    /// The summed binary cross-entropy <c>Σ -(y log a + (1 - y) log(1 - a))</c> with <c>a = sigmoid(z)</c>,
    /// evaluated in double from the logits as <c>log(1 + exp(-z))</c> for y = 1 and <c>log(1 + exp(z))</c>
    /// for y = 0 (the same value, without log(0) when the float sigmoid saturates).
    /// </summary>
    public static double CrossEntropySum(ReadOnlySpan<float> logits, ReadOnlySpan<float> labels)
    {
        var total = 0.0;
        for (var j = 0; j < logits.Length; j++)
        {
            double z = logits[j];
            total += Softplus(labels[j] == 1f ? -z : z);
        }

        return total;
    }

    /// <summary><c>log(1 + exp(x))</c> without overflow.</summary>
    private static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));
}
