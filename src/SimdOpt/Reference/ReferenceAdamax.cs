using SimdOpt.Optimizers;

namespace SimdOpt.Reference;

/// <summary>The naive scalar oracle of <see cref="Adamax"/>, written from its documented formula.</summary>
public static class ReferenceAdamax
{
    /// <summary>One step t (from 1) at learning rate <paramref name="learningRate"/>.</summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> infinityNorm, AdamaxOptions options, double learningRate, long step)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stepSize = (float)(learningRate / (1.0 - StepScalars.Power(options.Beta1, step)));
        var wd = (float)options.WeightDecay;
        var beta1 = (float)options.Beta1;
        var oneMinusBeta1 = (float)(1.0 - options.Beta1);
        var beta2 = (float)options.Beta2;
        var eps = (float)options.Epsilon;
        var flush = options.FlushSubnormals;
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = options.Maximize ? -gradients[i] : gradients[i];
            if (wd != 0f)
            {
                g = g + (wd * parameters[i]);
            }

            firstMoment[i] = ReferenceFlush.State((beta1 * firstMoment[i]) + (oneMinusBeta1 * g), flush);
            infinityNorm[i] = ReferenceFlush.State(MathF.Max(beta2 * infinityNorm[i], MathF.Abs(g) + eps), flush);
            parameters[i] = parameters[i] - ((stepSize * firstMoment[i]) / infinityNorm[i]);
        }
    }
}
