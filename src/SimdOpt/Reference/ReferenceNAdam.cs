using SimdOpt.Optimizers;

namespace SimdOpt.Reference;

/// <summary>The naive scalar oracle of <see cref="NAdam"/>, written from its documented formula.</summary>
public static class ReferenceNAdam
{
    /// <summary>
    /// One step t (from 1) at learning rate <paramref name="learningRate"/>. The momentum product <c>P_t</c> is
    /// recomputed from scratch (<see cref="NAdamMomentum.Product"/>, t multiplications), so this needs no scalar state.
    /// </summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment, NAdamOptions options, double learningRate, long step)
    {
        ArgumentNullException.ThrowIfNull(options);
        var mu = NAdamMomentum.Factor(options.Beta1, options.MomentumDecay, step);
        var muNext = NAdamMomentum.Factor(options.Beta1, options.MomentumDecay, step + 1);
        var product = NAdamMomentum.Product(options.Beta1, options.MomentumDecay, step);
        var nextProduct = product * muNext;
        var s = Math.Sqrt(1.0 - StepScalars.Power(options.Beta2, step));
        var gradientStep = (float)((learningRate * (1.0 - mu) / (1.0 - product)) * s);
        var momentumStep = (float)((learningRate * muNext / (1.0 - nextProduct)) * s);
        var epsHat = (float)(options.Epsilon * s);
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
            parameters[i] = parameters[i] - (((gradientStep * g) + (momentumStep * firstMoment[i])) / (MathF.Sqrt(secondMoment[i]) + epsHat));
        }
    }
}
