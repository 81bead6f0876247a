namespace SimdOpt.Reference;

/// <summary>
/// Element-wise normalized SGD, <c>p = p - (lr * g) / (|g| + eps)</c>: what <see cref="Optimizers.Adam"/> becomes
/// with beta1 = beta2 = 0 (exactly, while <c>g * g</c> neither underflows nor overflows in float32).
/// </summary>
public static class ReferenceNormalizedSgd
{
    /// <summary>One step.</summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, double learningRate, double epsilon)
    {
        var lr = (float)learningRate;
        var eps = (float)epsilon;
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = parameters[i] - ((lr * gradients[i]) / (MathF.Abs(gradients[i]) + eps));
        }
    }
}
