using System.Numerics.Tensors;

namespace SimdOpt.StatePrecisionQuality;

/// <summary>
/// Softmax regression over a batch, in TensorPrimitives: <c>logits = W x + b</c> with W stored as classes x features
/// (row c holds class c's weights), the mean cross-entropy of the labels, and its gradient. Batches are row-major:
/// example i's features are <c>x[i * features ..]</c>, its logits <c>logits[i * classes ..]</c>.
/// </summary>
internal static class SoftmaxRegression
{
    /// <summary>
    /// <c>logits[i, c] = dot(W_c, x_i) + b[c]</c> (no bias when <paramref name="bias"/> is empty). Classes are the outer
    /// loop, so each weight row is read once per batch while the batch stays in cache.
    /// </summary>
    public static void Logits(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, int batch, Span<float> logits)
    {
        var features = x.Length / batch;
        var classes = logits.Length / batch;
        for (var c = 0; c < classes; c++)
        {
            var row = weights.Slice(c * features, features);
            var offset = bias.IsEmpty ? 0f : bias[c];
            for (var i = 0; i < batch; i++)
            {
                logits[(i * classes) + c] = TensorPrimitives.Dot(row, x.Slice(i * features, features)) + offset;
            }
        }
    }

    /// <summary>Turns one example's logits into probabilities in place; returns <c>log(sum(exp(logits)))</c> in double.</summary>
    public static double Softmax(Span<float> row)
    {
        var max = TensorPrimitives.Max(row);
        TensorPrimitives.Subtract(row, max, row);
        TensorPrimitives.Exp(row, row);
        var sum = TensorPrimitives.Sum(row);
        TensorPrimitives.Divide(row, sum, row);
        return max + Math.Log(sum);
    }

    /// <summary>
    /// Turns every example's logits into probabilities in place; returns the summed cross-entropy
    /// <c>log(sum(exp(logits_i))) - logits_i[label_i]</c> in double.
    /// </summary>
    public static double CrossEntropy(Span<float> logits, ReadOnlySpan<int> labels)
    {
        var classes = logits.Length / labels.Length;
        var loss = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = logits.Slice(i * classes, classes);
            var target = row[labels[i]];
            loss += Softmax(row) - target;
        }

        return loss;
    }

    /// <summary>
    /// The gradient of the mean cross-entropy from the probabilities <see cref="CrossEntropy"/> left (overwritten with
    /// <c>d = (p - onehot(label)) / batch</c>): <c>dW_c = sum_i d[i, c] x_i</c>, <c>db = sum_i d_i</c>.
    /// </summary>
    public static void Gradient(Span<float> probabilities, ReadOnlySpan<int> labels, ReadOnlySpan<float> x, Span<float> weightGradient, Span<float> biasGradient)
    {
        var batch = labels.Length;
        var classes = biasGradient.Length;
        var features = x.Length / batch;
        var scale = 1f / batch;
        biasGradient.Clear();
        for (var i = 0; i < batch; i++)
        {
            var row = probabilities.Slice(i * classes, classes);
            row[labels[i]] -= 1f;
            TensorPrimitives.Multiply(row, scale, row);
            TensorPrimitives.Add(biasGradient, row, biasGradient);
        }

        for (var c = 0; c < classes; c++)
        {
            var gradient = weightGradient.Slice(c * features, features);
            TensorPrimitives.Multiply(x[..features], probabilities[c], gradient);
            for (var i = 1; i < batch; i++)
            {
                TensorPrimitives.MultiplyAdd(x.Slice(i * features, features), probabilities[(i * classes) + c], gradient, gradient);
            }
        }
    }

    /// <summary>The index of the largest value of <paramref name="row"/>.</summary>
    public static int ArgMax(ReadOnlySpan<float> row) => TensorPrimitives.IndexOfMax(row);
}
