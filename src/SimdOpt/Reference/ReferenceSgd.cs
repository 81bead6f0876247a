using SimdOpt.Optimizers;

namespace SimdOpt.Reference;

/// <summary>
/// The naive scalar oracle of <see cref="Sgd"/>: one plain loop per element, written from the formula
/// in <see cref="Sgd"/>'s documentation, for anyone's tests to compare against.
/// </summary>
public static class ReferenceSgd
{
    /// <summary>One step t (from 1) at learning rate <paramref name="learningRate"/>; <paramref name="momentumBuffer"/> is ignored when momentum is 0.</summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> momentumBuffer, SgdOptions options, double learningRate, long step)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lr = (float)learningRate;
        var wd = (float)options.WeightDecay;
        var mu = (float)options.Momentum;
        var gradientScale = (float)(1.0 - options.Dampening);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = options.Maximize ? -gradients[i] : gradients[i];
            if (wd != 0f)
            {
                g = g + (wd * parameters[i]);
            }

            if (options.Momentum > 0)
            {
                momentumBuffer[i] = ReferenceFlush.State(step == 1 ? g : (mu * momentumBuffer[i]) + (gradientScale * g), options.FlushSubnormals);
                var direction = options.Nesterov ? g + (mu * momentumBuffer[i]) : momentumBuffer[i];
                parameters[i] = parameters[i] - (lr * direction);
            }
            else
            {
                parameters[i] = parameters[i] - (lr * g);
            }
        }
    }
}
