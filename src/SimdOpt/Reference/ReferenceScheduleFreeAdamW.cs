using SimdOpt.Optimizers;

namespace SimdOpt.Reference;

/// <summary>The naive scalar oracle of <see cref="ScheduleFreeAdamW"/>: its step and its train/eval switches.</summary>
public static class ReferenceScheduleFreeAdamW
{
    /// <summary>
    /// One step t (from 1) over every element, in the order of float operations <see cref="ScheduleFreeAdamW"/>
    /// documents, for one parameter group at <paramref name="learningRate"/>. Empty spans advance the scalar state alone.
    /// </summary>
    /// <param name="y">The parameters (the train point y), updated in place.</param>
    /// <param name="gradients">The gradients, taken at y.</param>
    /// <param name="z">State <c>z</c>, updated in place; not read at step 1, where z starts as y.</param>
    /// <param name="secondMoment">State <c>exp_avg_sq</c> (v), updated in place.</param>
    /// <param name="options">The hyperparameters.</param>
    /// <param name="learningRate">The base learning rate of this step, before warm-up.</param>
    /// <param name="step">The step number t, from 1.</param>
    /// <param name="weightSum">Scalar state <c>weight_sum</c> before the step (0 before step 1); updated.</param>
    /// <param name="learningRateMax">Scalar state <c>lr_max</c> before the step (0 before step 1); updated.</param>
    public static void Step(Span<float> y, ReadOnlySpan<float> gradients, Span<float> z, Span<float> secondMoment, ScheduleFreeAdamWOptions options, double learningRate, long step, ref double weightSum, ref double learningRateMax)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sched = step < options.WarmupSteps ? step / (double)options.WarmupSteps : 1.0;
        var lr = learningRate * sched;
        learningRateMax = Math.Max(learningRateMax, lr);
        var weight = StepScalars.Power(step, (long)options.R) * StepScalars.Power(learningRateMax, (long)options.WeightLrPower);
        weightSum += weight;
        var c = weightSum == 0 ? 0.0 : weight / weightSum;
        var root = Math.Sqrt(1.0 - StepScalars.Power(options.Beta2, step));
        var inner = (options.Beta1 * (1.0 - c)) - 1.0;
        var ckp1 = (float)c;
        var a = (float)(lr * root * inner);
        var b = (float)(lr * root);
        var aDecay = (float)(lr * inner * options.WeightDecay);
        var bDecay = (float)(lr * options.WeightDecay);
        var epsHat = (float)(options.Epsilon * root);
        var beta2 = (float)options.Beta2;
        var oneMinusBeta2 = (float)(1.0 - options.Beta2);
        var flush = options.FlushSubnormals;
        var threshold = ReferenceFlush.Threshold(oneMinusBeta2);
        for (var i = 0; i < y.Length; i++)
        {
            var g = options.Maximize ? -gradients[i] : gradients[i];
            var yi = y[i];
            var zi = step == 1 ? yi : z[i];
            var g2 = ReferenceFlush.SquaredTermGradient(g, threshold, flush);
            secondMoment[i] = ReferenceFlush.State((beta2 * secondMoment[i]) + (oneMinusBeta2 * (g2 * g2)), flush);
            var u = g / (MathF.Sqrt(secondMoment[i]) + epsHat);
            var nextY = (yi + (ckp1 * (zi - yi))) + (a * u);
            var nextZ = zi - (b * u);
            if (options.WeightDecay != 0)
            {
                nextY = nextY + (aDecay * yi);
                nextZ = nextZ - (bDecay * yi);
            }

            y[i] = nextY;
            z[i] = ReferenceFlush.State(nextZ, flush);
        }
    }

    /// <summary>The switch to eval mode: <c>x = y + w * (z - y)</c>, <c>w = (float)(1 - 1 / beta1)</c>.</summary>
    /// <param name="parameters">y, replaced by x.</param>
    /// <param name="z">State <c>z</c>.</param>
    /// <param name="options">The hyperparameters (beta1).</param>
    public static void Eval(Span<float> parameters, ReadOnlySpan<float> z, ScheduleFreeAdamWOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Lerp(parameters, z, (float)(1.0 - (1.0 / options.Beta1)));
    }

    /// <summary>The switch to train mode: <c>y = x + w * (z - x)</c>, <c>w = (float)(1 - beta1)</c>.</summary>
    /// <param name="parameters">x, replaced by y.</param>
    /// <param name="z">State <c>z</c>.</param>
    /// <param name="options">The hyperparameters (beta1).</param>
    public static void Train(Span<float> parameters, ReadOnlySpan<float> z, ScheduleFreeAdamWOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Lerp(parameters, z, (float)(1.0 - options.Beta1));
    }

    private static void Lerp(Span<float> parameters, ReadOnlySpan<float> z, float w)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = parameters[i] + (w * (z[i] - parameters[i]));
        }
    }
}
