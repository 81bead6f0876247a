using SimdOpt.Optimizers;

namespace SimdOpt.Reference;

/// <summary>The naive scalar oracle of <see cref="Adadelta"/>.</summary>
public static class ReferenceAdadelta
{
    /// <summary>One step over every element, in the order of float operations <see cref="Adadelta"/> documents.</summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="gradients">The gradients.</param>
    /// <param name="squareAverage">State <c>square_avg</c> (v), updated in place.</param>
    /// <param name="accumulatedDelta">State <c>acc_delta</c> (u), updated in place.</param>
    /// <param name="options">The hyperparameters.</param>
    /// <param name="learningRate">The learning rate of this step.</param>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> squareAverage, Span<float> accumulatedDelta, AdadeltaOptions options, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lr = (float)learningRate;
        var wd = (float)options.WeightDecay;
        var rho = (float)options.Rho;
        var oneMinusRho = (float)(1.0 - options.Rho);
        var eps = (float)options.Epsilon;
        var flush = options.FlushSubnormals;
        var threshold = ReferenceFlush.Threshold(oneMinusRho);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = options.Maximize ? -gradients[i] : gradients[i];
            if (wd != 0f)
            {
                g = g + (wd * parameters[i]);
            }

            var g2 = ReferenceFlush.SquaredTermGradient(g, threshold, flush);
            squareAverage[i] = ReferenceFlush.State((rho * squareAverage[i]) + (oneMinusRho * (g2 * g2)), flush);
            var delta = MathF.Sqrt((accumulatedDelta[i] + eps) / (squareAverage[i] + eps)) * g;
            var delta2 = ReferenceFlush.SquaredTermGradient(delta, threshold, flush);
            accumulatedDelta[i] = ReferenceFlush.State((rho * accumulatedDelta[i]) + (oneMinusRho * (delta2 * delta2)), flush);
            parameters[i] = parameters[i] - (lr * delta);
        }
    }
}
