using SimdOpt.Optimizers;

namespace SimdOpt.Reference;

/// <summary>The naive scalar oracle of <see cref="MovingAverageMomentum"/>.</summary>
public static class ReferenceMovingAverageMomentum
{
    /// <summary>One step at learning rate <paramref name="learningRate"/>.</summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> velocity, MovingAverageMomentumOptions options, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lr = (float)learningRate;
        var wd = (float)options.WeightDecay;
        var beta = (float)options.Beta;
        var oneMinusBeta = (float)(1.0 - options.Beta);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = options.Maximize ? -gradients[i] : gradients[i];
            if (wd != 0f)
            {
                g = g + (wd * parameters[i]);
            }

            velocity[i] = ReferenceFlush.State((beta * velocity[i]) + (oneMinusBeta * g), options.FlushSubnormals);
            parameters[i] = parameters[i] - (lr * velocity[i]);
        }
    }
}
