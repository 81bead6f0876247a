using SimdOpt.Optimizers;

namespace SimdOpt.Reference;

/// <summary>The naive scalar oracle of <see cref="RmsProp"/>.</summary>
public static class ReferenceRmsProp
{
    /// <summary>One step; <paramref name="gradientAverage"/> is used only when centered, <paramref name="momentumBuffer"/> only when momentum &gt; 0.</summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> squareAverage, Span<float> gradientAverage, Span<float> momentumBuffer, RmsPropOptions options, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lr = (float)learningRate;
        var wd = (float)options.WeightDecay;
        var alpha = (float)options.Alpha;
        var oneMinusAlpha = (float)(1.0 - options.Alpha);
        var eps = (float)options.Epsilon;
        var mu = (float)options.Momentum;
        var flush = options.FlushSubnormals;
        var threshold = ReferenceFlush.Threshold(oneMinusAlpha);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = options.Maximize ? -gradients[i] : gradients[i];
            if (wd != 0f)
            {
                g = g + (wd * parameters[i]);
            }

            var g2 = ReferenceFlush.SquaredTermGradient(g, threshold, flush);
            squareAverage[i] = ReferenceFlush.State((alpha * squareAverage[i]) + (oneMinusAlpha * (g2 * g2)), flush);
            float denominator;
            if (options.Centered)
            {
                gradientAverage[i] = ReferenceFlush.State((alpha * gradientAverage[i]) + (oneMinusAlpha * g), flush);
                denominator = MathF.Sqrt(squareAverage[i] - (gradientAverage[i] * gradientAverage[i])) + eps;
            }
            else
            {
                denominator = MathF.Sqrt(squareAverage[i]) + eps;
            }

            if (options.Momentum > 0)
            {
                momentumBuffer[i] = ReferenceFlush.State((mu * momentumBuffer[i]) + (g / denominator), flush);
                parameters[i] = parameters[i] - (lr * momentumBuffer[i]);
            }
            else
            {
                parameters[i] = parameters[i] - (lr * (g / denominator));
            }
        }
    }
}
