using SimdOpt.Optimizers;

namespace SimdOpt.NativePeer;

/// <summary>The compiled-C steps of the rules built on Adam's moments: Adamax, NAdam, RAdam and Schedule-Free AdamW.</summary>
public static unsafe partial class CompiledCSteps
{
    /// <summary>Adamax: <c>stepSize = lr / (1 - beta1^t); m = beta1 * m + (1 - beta1) * g; u = max(beta2 * u, |g| + eps); p = p - (stepSize * m) / u</c>.</summary>
    public static void Adamax(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> infinityNorm, AdamaxOptions options, double learningRate, long step, int threads)
    {
        Check(options, parameters, gradients, 2, firstMoment, infinityNorm, []);
        var stepSize = learningRate / StepScalars.BiasCorrection(options.Beta1, step);
        fixed (float* p = parameters, g = gradients, m = firstMoment, u = infinityNorm)
        {
            CompiledC.Adamax(p, g, m, u, (nuint)parameters.Length, (float)options.Beta1, (float)(1.0 - options.Beta1), (float)options.Beta2, (float)options.Epsilon, (float)stepSize, threads);
        }
    }

    /// <summary>
    /// NAdam with the scalars of <see cref="Optimizers.NAdam"/> (the momentum product by <see cref="NAdamMomentum.Product"/>):
    /// <c>p = p - (gradientStep * g + momentumStep * m) / (sqrt(v) + epsHat)</c> after Adam's moments, <c>p = p * decay</c> first when decoupled.
    /// </summary>
    public static void NAdam(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment, NAdamOptions options, double learningRate, long step, int threads)
    {
        Check(options, parameters, gradients, 2, firstMoment, secondMoment, []);
        var mu = NAdamMomentum.Factor(options.Beta1, options.MomentumDecay, step);
        var muNext = NAdamMomentum.Factor(options.Beta1, options.MomentumDecay, step + 1);
        var product = NAdamMomentum.Product(options.Beta1, options.MomentumDecay, step);
        var s = Math.Sqrt(StepScalars.BiasCorrection(options.Beta2, step));
        fixed (float* p = parameters, g = gradients, m = firstMoment, v = secondMoment)
        {
            CompiledC.NAdam(
                p,
                g,
                m,
                v,
                (nuint)parameters.Length,
                (float)(1.0 - (learningRate * options.WeightDecay)),
                (float)options.Beta1,
                (float)(1.0 - options.Beta1),
                (float)options.Beta2,
                (float)(1.0 - options.Beta2),
                (float)((learningRate * (1.0 - mu) / (1.0 - product)) * s),
                (float)((learningRate * muNext / (1.0 - (product * muNext))) * s),
                (float)(options.Epsilon * s),
                options.DecoupledWeightDecay && options.WeightDecay != 0 ? 1 : 0,
                threads);
        }
    }

    /// <summary>
    /// RAdam with the scalars of <see cref="Optimizers.RAdam"/>: rectified steps (<see cref="RAdamRectification.Term"/> r not null)
    /// <c>p = p - (stepSize * m) / (sqrt(v) + eps)</c> with <c>stepSize = lr * r * sqrt(bc2) / bc1</c>, the others <c>p = p - stepSize * m</c> with <c>stepSize = lr / bc1</c>.
    /// </summary>
    public static void RAdam(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment, RAdamOptions options, double learningRate, long step, int threads)
    {
        Check(options, parameters, gradients, 2, firstMoment, secondMoment, []);
        var bc1 = StepScalars.BiasCorrection(options.Beta1, step);
        var r = RAdamRectification.Term(options.Beta2, step);
        var stepSize = r is null ? learningRate / bc1 : learningRate * r.Value * Math.Sqrt(StepScalars.BiasCorrection(options.Beta2, step)) / bc1;
        fixed (float* p = parameters, g = gradients, m = firstMoment, v = secondMoment)
        {
            CompiledC.RAdam(
                p,
                g,
                m,
                v,
                (nuint)parameters.Length,
                (float)(1.0 - (learningRate * options.WeightDecay)),
                (float)options.Beta1,
                (float)(1.0 - options.Beta1),
                (float)options.Beta2,
                (float)(1.0 - options.Beta2),
                (float)stepSize,
                (float)options.Epsilon,
                options.DecoupledWeightDecay && options.WeightDecay != 0 ? 1 : 0,
                r is null ? 0 : 1,
                threads);
        }
    }

    /// <summary>
    /// Schedule-Free AdamW with the scalars of <see cref="Optimizers.ScheduleFreeAdamW"/> for step <paramref name="step"/>:
    /// <paramref name="weightSum"/> and <paramref name="learningRateMax"/> are its scalar state before the step (0 before step 1) and are advanced.
    /// </summary>
    public static void ScheduleFreeAdamW(Span<float> y, ReadOnlySpan<float> gradients, Span<float> z, Span<float> secondMoment, ScheduleFreeAdamWOptions options, double learningRate, long step, ref double weightSum, ref double learningRateMax, int threads)
    {
        Check(options, y, gradients, 2, z, secondMoment, []);
        var lr = learningRate * (step < options.WarmupSteps ? (double)step / options.WarmupSteps : 1.0);
        learningRateMax = Math.Max(learningRateMax, lr);
        var weight = StepScalars.Power(step, (long)options.R) * StepScalars.Power(learningRateMax, (long)options.WeightLrPower);
        weightSum += weight;
        var ckp1 = weightSum == 0 ? 0.0 : weight / weightSum;
        var stepSize = lr * Math.Sqrt(StepScalars.BiasCorrection(options.Beta2, step));
        var factor = (options.Beta1 * (1.0 - ckp1)) - 1.0;
        fixed (float* p = y, g = gradients, zp = z, v = secondMoment)
        {
            CompiledC.ScheduleFreeAdamW(
                p,
                g,
                zp,
                v,
                (nuint)y.Length,
                (float)options.Beta2,
                (float)(1.0 - options.Beta2),
                (float)(options.Epsilon * Math.Sqrt(StepScalars.BiasCorrection(options.Beta2, step))),
                (float)ckp1,
                (float)(stepSize * factor),
                (float)stepSize,
                (float)(lr * factor * options.WeightDecay),
                (float)(lr * options.WeightDecay),
                step == 1 ? 1 : 0,
                options.WeightDecay != 0 ? 1 : 0,
                threads);
        }
    }
}
