namespace SimdOpt.Training.Network;

/// <summary>The activations and the loss of the network, element by element.</summary>
internal static class Activations
{
    /// <summary><c>a = max(z, 0)</c>.</summary>
    public static void Relu(ReadOnlySpan<float> z, Span<float> a)
    {
        for (var j = 0; j < z.Length; j++)
        {
            a[j] = z[j] > 0f ? z[j] : 0f;
        }
    }

    /// <summary><c>dz = da * (a &gt; 0)</c>, in place over <paramref name="da"/>.</summary>
    public static void ReluBackward(Span<float> da, ReadOnlySpan<float> a)
    {
        for (var j = 0; j < da.Length; j++)
        {
            if (!(a[j] > 0f))
            {
                da[j] = 0f;
            }
        }
    }

    /// <summary><c>a = 1 / (1 + exp(-z))</c>.</summary>
    public static void Sigmoid(ReadOnlySpan<float> z, Span<float> a)
    {
        for (var j = 0; j < z.Length; j++)
        {
            a[j] = 1f / (1f + MathF.Exp(-z[j]));
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
