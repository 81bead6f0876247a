using SimdOpt.Optimizers;

namespace SimdOpt.NativePeer;

/// <summary>
/// One step of each rule by its compiled-C peer: the step's scalars are computed here exactly as the SimdOpt
/// optimizer computes them (in double with <see cref="StepScalars"/>, rounded to float once), and only the element
/// loop runs in C. <c>threads</c> = 1 runs on the calling thread, 2 splits the buffer in an OpenMP region.
/// The peers cover the forms without maximize, L2 weight decay or the subnormal flush (RMSProp also neither centered
/// nor with momentum; decoupled decay and Lion's and Schedule-Free AdamW's decay are covered); <see cref="Supports"/> says which options qualify.
/// </summary>
public static unsafe partial class CompiledCSteps
{
    /// <summary>Whether a peer exists for <paramref name="options"/>.</summary>
    public static bool Supports(OptimizerOptions options) => options switch
    {
        null => false,
        { Maximize: true } or { FlushSubnormals: true } => false,
        AdamOptions adam => adam.DecoupledWeightDecay || adam.WeightDecay == 0,
        NAdamOptions nadam => nadam.DecoupledWeightDecay || nadam.WeightDecay == 0,
        RAdamOptions radam => radam.DecoupledWeightDecay || radam.WeightDecay == 0,
        LionOptions or ScheduleFreeAdamWOptions => true,
        RmsPropOptions rms => rms.WeightDecay == 0 && !rms.Centered && rms.Momentum == 0,
        _ => options.WeightDecay == 0,
    };

    /// <summary>SGD, with momentum and Nesterov when the options say so: <c>b = t == 1 ? g : mu * b + (1 - dampening) * g; p = p - lr * (nesterov ? g + mu * b : b)</c>, or <c>p = p - lr * g</c>.</summary>
    public static void Sgd(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> momentumBuffer, SgdOptions options, double learningRate, long step, int threads)
    {
        Check(options, parameters, gradients, options.Momentum > 0 ? 1 : 0, momentumBuffer, [], []);
        var lr = (float)learningRate;
        fixed (float* p = parameters, g = gradients, b = momentumBuffer)
        {
            if (options.Momentum > 0)
            {
                CompiledC.SgdMomentum(p, g, b, (nuint)parameters.Length, lr, (float)options.Momentum, (float)(1.0 - options.Dampening), step == 1 ? 1 : 0, options.Nesterov ? 1 : 0, threads);
            }
            else
            {
                CompiledC.Sgd(p, g, (nuint)parameters.Length, lr, threads);
            }
        }
    }

    /// <summary>Moving-average momentum: <c>v = beta * v + (1 - beta) * g; p = p - lr * v</c>.</summary>
    public static void MovingAverageMomentum(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> velocity, MovingAverageMomentumOptions options, double learningRate, int threads)
    {
        Check(options, parameters, gradients, 1, velocity, [], []);
        fixed (float* p = parameters, g = gradients, v = velocity)
        {
            CompiledC.MovingAverageMomentum(p, g, v, (nuint)parameters.Length, (float)learningRate, (float)options.Beta, (float)(1.0 - options.Beta), threads);
        }
    }

    /// <summary>AdaGrad: <c>clr = lr / (1 + (t - 1) * lr_decay); s = s + g * g; p = p - clr * (g / (sqrt(s) + eps))</c>.</summary>
    public static void AdaGrad(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> sum, AdaGradOptions options, double learningRate, long step, int threads)
    {
        Check(options, parameters, gradients, 1, sum, [], []);
        var clr = learningRate / (1.0 + ((step - 1) * options.LearningRateDecay));
        fixed (float* p = parameters, g = gradients, s = sum)
        {
            CompiledC.AdaGrad(p, g, s, (nuint)parameters.Length, (float)clr, (float)options.Epsilon, threads);
        }
    }

    /// <summary>RMSProp, neither centered nor with momentum: <c>v = alpha * v + (1 - alpha) * (g * g); p = p - lr * (g / (sqrt(v) + eps))</c>.</summary>
    public static void RmsProp(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> squareAverage, RmsPropOptions options, double learningRate, int threads)
    {
        Check(options, parameters, gradients, 1, squareAverage, [], []);
        fixed (float* p = parameters, g = gradients, v = squareAverage)
        {
            CompiledC.RmsProp(p, g, v, (nuint)parameters.Length, (float)learningRate, (float)options.Alpha, (float)(1.0 - options.Alpha), (float)options.Epsilon, threads);
        }
    }

    /// <summary>
    /// Adam, AMSGrad and AdamW with the scalars of <see cref="Optimizers.Adam"/>: <c>stepSize = lr * sqrt(bc2) / bc1</c>,
    /// <c>epsHat = eps * sqrt(bc2)</c>, <c>decay = 1 - lr * wd</c>; <paramref name="maxSecondMoment"/> is used with AMSGrad only.
    /// </summary>
    public static void Adam(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment, Span<float> maxSecondMoment, AdamOptions options, double learningRate, long step, int threads)
    {
        Check(options, parameters, gradients, options.Amsgrad ? 3 : 2, firstMoment, secondMoment, maxSecondMoment);
        var bc1 = StepScalars.BiasCorrection(options.Beta1, step);
        var sqrtBc2 = Math.Sqrt(StepScalars.BiasCorrection(options.Beta2, step));
        var decoupled = options.DecoupledWeightDecay && options.WeightDecay != 0;
        fixed (float* p = parameters, g = gradients, m = firstMoment, v = secondMoment, vmax = maxSecondMoment)
        {
            CompiledC.Adam(
                p,
                g,
                m,
                v,
                vmax,
                (nuint)parameters.Length,
                (float)(1.0 - (learningRate * options.WeightDecay)),
                (float)options.Beta1,
                (float)(1.0 - options.Beta1),
                (float)options.Beta2,
                (float)(1.0 - options.Beta2),
                (float)(learningRate * sqrtBc2 / bc1),
                (float)(options.Epsilon * sqrtBc2),
                decoupled ? 1 : 0,
                options.Amsgrad ? 1 : 0,
                threads);
        }
    }

    /// <summary>Lion: <c>d = sign(beta1 * m + (1 - beta1) * g) [+ wd * p]; p = p - lr * d; m = beta2 * m + (1 - beta2) * g</c>.</summary>
    public static void Lion(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> momentum, LionOptions options, double learningRate, int threads)
    {
        Check(options, parameters, gradients, 1, momentum, [], []);
        fixed (float* p = parameters, g = gradients, m = momentum)
        {
            CompiledC.Lion(
                p, g, m, (nuint)parameters.Length, (float)learningRate, (float)options.WeightDecay, (float)options.Beta1, (float)(1.0 - options.Beta1), (float)options.Beta2, (float)(1.0 - options.Beta2), options.WeightDecay != 0 ? 1 : 0, threads);
        }
    }

    /// <summary>Adadelta: <c>v = rho * v + (1 - rho) * (g * g); delta = sqrt((u + eps) / (v + eps)) * g; u = rho * u + (1 - rho) * (delta * delta); p = p - lr * delta</c>.</summary>
    public static void Adadelta(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> squareAverage, Span<float> accumulatedDelta, AdadeltaOptions options, double learningRate, int threads)
    {
        Check(options, parameters, gradients, 2, squareAverage, accumulatedDelta, []);
        fixed (float* p = parameters, g = gradients, v = squareAverage, u = accumulatedDelta)
        {
            CompiledC.Adadelta(p, g, v, u, (nuint)parameters.Length, (float)learningRate, (float)options.Rho, (float)(1.0 - options.Rho), (float)options.Epsilon, threads);
        }
    }

    /// <summary>Validation before the C code writes anything: a supported form, the library present, and every buffer as long as the parameters.</summary>
    private static void Check(OptimizerOptions options, Span<float> parameters, ReadOnlySpan<float> gradients, int stateCount, Span<float> state0, Span<float> state1, Span<float> state2)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Supports(options))
        {
            throw new NotSupportedException($"No compiled-C peer for {options} (maximize, L2 weight decay, the subnormal flush and centered or momentum RMSProp are not ported).");
        }

        CompiledC.EnsureAvailable();
        var n = parameters.Length;
        if (gradients.Length != n || (stateCount > 0 && state0.Length != n) || (stateCount > 1 && state1.Length != n) || (stateCount > 2 && state2.Length != n))
        {
            throw new ArgumentException($"Every buffer must have the parameters' {n} elements (gradients {gradients.Length}, states {state0.Length}, {state1.Length}, {state2.Length}).", nameof(gradients));
        }
    }
}
