using SimdOpt.Optimizers;

namespace SimdOpt.Reference;

/// <summary>The naive scalar oracle of <see cref="Lion"/>, written from its documented formula.</summary>
public static class ReferenceLion
{
    /// <summary>One step at learning rate <paramref name="learningRate"/> (Lion's step does not depend on t).</summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> momentum, LionOptions options, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lr = (float)learningRate;
        var wd = (float)options.WeightDecay;
        var beta1 = (float)options.Beta1;
        var beta2 = (float)options.Beta2;
        var oneMinusBeta1 = (float)(1.0 - options.Beta1);
        var oneMinusBeta2 = (float)(1.0 - options.Beta2);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = options.Maximize ? -gradients[i] : gradients[i];
            var d = Sign((beta1 * momentum[i]) + (oneMinusBeta1 * g));
            if (options.WeightDecay != 0)
            {
                d = d + (wd * parameters[i]);
            }

            parameters[i] = parameters[i] - (lr * d);
            momentum[i] = ReferenceFlush.State((beta2 * momentum[i]) + (oneMinusBeta2 * g), options.FlushSubnormals);
        }
    }

    /// <summary>Lion's sign: +1 above 0, -1 below 0, +0 for either zero, NaN for NaN.</summary>
    public static float Sign(float x) => float.IsNaN(x) ? x : x > 0f ? 1f : x < 0f ? -1f : 0f;
}
