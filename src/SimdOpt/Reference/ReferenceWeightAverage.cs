namespace SimdOpt.Reference;

/// <summary>The naive scalar oracle of <see cref="Averaging.WeightAverage"/> and <see cref="Optimizers.Lookahead"/>.</summary>
public static class ReferenceWeightAverage
{
    /// <summary>Exponential update number <paramref name="n"/> (from 1): <c>a = keep * a + take * p</c>, or a copy on the first update with warm-up.</summary>
    public static void Exponential(Span<float> average, ReadOnlySpan<float> parameters, double decay, bool warmUp, long n)
    {
        var keep = (float)decay;
        var take = (float)(1.0 - decay);
        for (var i = 0; i < average.Length; i++)
        {
            average[i] = warmUp && n == 1 ? parameters[i] : (keep * average[i]) + (take * parameters[i]);
        }
    }

    /// <summary>Equal-weight update number <paramref name="n"/> (from 1): <c>a = a + (p - a) / (float)n</c>.</summary>
    public static void Equal(Span<float> average, ReadOnlySpan<float> parameters, long n)
    {
        var divisor = (float)n;
        for (var i = 0; i < average.Length; i++)
        {
            average[i] = average[i] + ((parameters[i] - average[i]) / divisor);
        }
    }

    /// <summary>Lookahead's synchronisation: <c>s = s + (float)alpha * (f - s)</c>, then <c>f = s</c>.</summary>
    public static void LookaheadSync(Span<float> fast, Span<float> slow, double alpha)
    {
        var a = (float)alpha;
        for (var i = 0; i < fast.Length; i++)
        {
            slow[i] = slow[i] + (a * (fast[i] - slow[i]));
            fast[i] = slow[i];
        }
    }
}
