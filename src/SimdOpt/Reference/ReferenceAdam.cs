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
        var flush = options.FlushSubnormals;
        var moments = new ReferenceAdamMoments(options.Beta1, options.Beta2, options.WeightDecay, options.DecoupledWeightDecay, options.Maximize, flush, learningRate);
        for (var i = 0; i < parameters.Length; i++)
        {
            moments.Update(parameters, gradients, firstMoment, secondMoment, i);
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
