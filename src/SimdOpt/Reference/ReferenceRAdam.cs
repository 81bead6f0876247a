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
        var moments = new ReferenceAdamMoments(options.Beta1, options.Beta2, options.WeightDecay, options.DecoupledWeightDecay, options.Maximize, options.FlushSubnormals, learningRate);
        for (var i = 0; i < parameters.Length; i++)
        {
            moments.Update(parameters, gradients, firstMoment, secondMoment, i);
            parameters[i] = r is null
                ? parameters[i] - (stepSize * firstMoment[i])
                : parameters[i] - ((stepSize * firstMoment[i]) / (MathF.Sqrt(secondMoment[i]) + eps));
        }
    }
}
