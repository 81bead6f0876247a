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
        var moments = new ReferenceAdamMoments(options.Beta1, options.Beta2, options.WeightDecay, options.DecoupledWeightDecay, options.Maximize, options.FlushSubnormals, learningRate);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = moments.Update(parameters, gradients, firstMoment, secondMoment, i);
            parameters[i] = parameters[i] - (((gradientStep * g) + (momentumStep * firstMoment[i])) / (MathF.Sqrt(secondMoment[i]) + epsHat));
        }
    }
}
