using SimdOpt.Optimizers;

namespace SimdOpt.Reference;

/// <summary>The naive scalar oracle of <see cref="RAdam"/>, written from its documented formula.</summary>
public static class ReferenceRAdam
{
    /// <summary>One step t (from 1) at learning rate <paramref name="learningRate"/>.</summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment, RAdamOptions options, double learningRate, long step)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bc1 = 1.0 - StepScalars.Power(options.Beta1, step);
        var bc2 = 1.0 - StepScalars.Power(options.Beta2, step);
        var r = RAdamRectification.Term(options.Beta2, step);
        var stepSize = (float)(r is null ? learningRate / bc1 : learningRate * r.Value * Math.Sqrt(bc2) / bc1);
        var eps = (float)options.Epsilon;
        var decoupled = options.DecoupledWeightDecay && options.WeightDecay != 0;
        var decay = (float)(1.0 - (learningRate * options.WeightDecay));
        var l2 = options.DecoupledWeightDecay ? 0f : (float)options.WeightDecay;
        var beta1 = (float)options.Beta1;
        var beta2 = (float)options.Beta2;
        var oneMinusBeta1 = (float)(1.0 - options.Beta1);
        var oneMinusBeta2 = (float)(1.0 - options.Beta2);
        var flush = options.FlushSubnormals;
        var threshold = ReferenceFlush.Threshold(oneMinusBeta2);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = options.Maximize ? -gradients[i] : gradients[i];
            if (l2 != 0f)
            {
                g = g + (l2 * parameters[i]);
            }

            if (decoupled)
            {
                parameters[i] = parameters[i] * decay;
            }

            firstMoment[i] = ReferenceFlush.State((beta1 * firstMoment[i]) + (oneMinusBeta1 * g), flush);
            var g2 = ReferenceFlush.SquaredTermGradient(g, threshold, flush);
            secondMoment[i] = ReferenceFlush.State((beta2 * secondMoment[i]) + (oneMinusBeta2 * (g2 * g2)), flush);
            parameters[i] = r is null
                ? parameters[i] - (stepSize * firstMoment[i])
                : parameters[i] - ((stepSize * firstMoment[i]) / (MathF.Sqrt(secondMoment[i]) + eps));
        }
    }
}
