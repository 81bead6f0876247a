using SimdOpt.Optimizers;

namespace SimdOpt.Reference;

/// <summary>The naive scalar oracle of <see cref="Adam"/> (Adam, AMSGrad, AdamW).</summary>
public static class ReferenceAdam
{
    /// <summary>One step t (from 1); <paramref name="maxSecondMoment"/> is used only with AMSGrad.</summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment, Span<float> maxSecondMoment, AdamOptions options, double learningRate, long step)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bc1 = 1.0 - StepScalars.Power(options.Beta1, step);
        var bc2 = 1.0 - StepScalars.Power(options.Beta2, step);
        var stepSize = (float)(learningRate * Math.Sqrt(bc2) / bc1);
        var epsHat = (float)(options.Epsilon * Math.Sqrt(bc2));
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

            if (options.DecoupledWeightDecay && options.WeightDecay != 0)
            {
                parameters[i] = parameters[i] * decay;
            }

            firstMoment[i] = ReferenceFlush.State((beta1 * firstMoment[i]) + (oneMinusBeta1 * g), flush);
            var g2 = ReferenceFlush.SquaredTermGradient(g, threshold, flush);
            secondMoment[i] = ReferenceFlush.State((beta2 * secondMoment[i]) + (oneMinusBeta2 * (g2 * g2)), flush);
            var second = secondMoment[i];
            if (options.Amsgrad)
            {
                maxSecondMoment[i] = ReferenceFlush.State(MathF.Max(maxSecondMoment[i], secondMoment[i]), flush);
                second = maxSecondMoment[i];
            }

            parameters[i] = parameters[i] - ((stepSize * firstMoment[i]) / (MathF.Sqrt(second) + epsHat));
        }
    }
}
