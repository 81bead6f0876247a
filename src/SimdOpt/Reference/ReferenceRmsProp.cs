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
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = options.Maximize ? -gradients[i] : gradients[i];
            if (wd != 0f)
            {
                g = g + (wd * parameters[i]);
            }

            squareAverage[i] = (alpha * squareAverage[i]) + (oneMinusAlpha * (g * g));
            float denominator;
            if (options.Centered)
            {
                gradientAverage[i] = (alpha * gradientAverage[i]) + (oneMinusAlpha * g);
                denominator = MathF.Sqrt(squareAverage[i] - (gradientAverage[i] * gradientAverage[i])) + eps;
            }
            else
            {
                denominator = MathF.Sqrt(squareAverage[i]) + eps;
            }

            if (options.Momentum > 0)
            {
                momentumBuffer[i] = (mu * momentumBuffer[i]) + (g / denominator);
                parameters[i] = parameters[i] - (lr * momentumBuffer[i]);
            }
            else
            {
                parameters[i] = parameters[i] - (lr * (g / denominator));
            }
        }
    }
}
