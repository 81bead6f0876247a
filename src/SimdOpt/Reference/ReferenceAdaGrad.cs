using SimdOpt.Optimizers;

namespace SimdOpt.Reference;

/// <summary>The naive scalar oracle of <see cref="AdaGrad"/>.</summary>
public static class ReferenceAdaGrad
{
    /// <summary>One step t (from 1) at base learning rate <paramref name="learningRate"/>; <paramref name="sum"/> starts at the initial accumulator value.</summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> sum, AdaGradOptions options, double learningRate, long step)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clr = (float)(learningRate / (1.0 + ((step - 1) * options.LearningRateDecay)));
        var wd = (float)options.WeightDecay;
        var eps = (float)options.Epsilon;
        var flush = options.FlushSubnormals;
        var threshold = ReferenceFlush.Threshold(1f);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = options.Maximize ? -gradients[i] : gradients[i];
            if (wd != 0f)
            {
                g = g + (wd * parameters[i]);
            }

            var g2 = ReferenceFlush.SquaredTermGradient(g, threshold, flush);
            sum[i] = ReferenceFlush.State(sum[i] + (g2 * g2), flush);
            parameters[i] = parameters[i] - (clr * (g / (MathF.Sqrt(sum[i]) + eps)));
        }
    }
}
