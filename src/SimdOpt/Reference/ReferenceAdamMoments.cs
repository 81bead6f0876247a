namespace SimdOpt.Reference;

/// <summary>
/// The per-element prelude the Adam family's references share (Adam, AMSGrad, AdamW, NAdam, RAdam), in their
/// documented order: <c>g = maximize ? -g : g</c>; L2: <c>g = g + wd * p</c>; decoupled: <c>p = p * (1 - lr * wd)</c>;
/// <c>m = beta1 * m + (1 - beta1) * g</c>; <c>v = beta2 * v + (1 - beta2) * (g2 * g2)</c> (g2 the flushed g), each state
/// flushed as stored. Every constant is rounded to float once, from double.
/// </summary>
internal readonly struct ReferenceAdamMoments
{
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _oneMinusBeta1;
    private readonly float _oneMinusBeta2;
    private readonly float _l2;
    private readonly float _decay;
    private readonly bool _decoupled;
    private readonly bool _maximize;
    private readonly bool _flush;
    private readonly float _threshold;

    public ReferenceAdamMoments(double beta1, double beta2, double weightDecay, bool decoupledWeightDecay, bool maximize, bool flushSubnormals, double learningRate)
    {
        _beta1 = (float)beta1;
        _beta2 = (float)beta2;
        _oneMinusBeta1 = (float)(1.0 - beta1);
        _oneMinusBeta2 = (float)(1.0 - beta2);
        _l2 = decoupledWeightDecay ? 0f : (float)weightDecay;
        _decay = (float)(1.0 - (learningRate * weightDecay));
        _decoupled = decoupledWeightDecay && weightDecay != 0;
        _maximize = maximize;
        _flush = flushSubnormals;
        _threshold = ReferenceFlush.Threshold(_oneMinusBeta2);
    }

    /// <summary>Applies the prelude to element <paramref name="i"/>: the gradient transform, the decoupled decay of the parameter and both moments.</summary>
    /// <returns>The transformed gradient (NAdam's update uses it).</returns>
    public float Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment, int i)
    {
        var g = _maximize ? -gradients[i] : gradients[i];
        if (_l2 != 0f)
        {
            g = g + (_l2 * parameters[i]);
        }

        if (_decoupled)
        {
            parameters[i] = parameters[i] * _decay;
        }

        firstMoment[i] = ReferenceFlush.State((_beta1 * firstMoment[i]) + (_oneMinusBeta1 * g), _flush);
        var g2 = ReferenceFlush.SquaredTermGradient(g, _threshold, _flush);
        secondMoment[i] = ReferenceFlush.State((_beta2 * secondMoment[i]) + (_oneMinusBeta2 * (g2 * g2)), _flush);
        return g;
    }
}
