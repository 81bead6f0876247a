namespace SimdOpt.StatePrecisionQuality;

/// <summary>
/// The synthetic problem: features uniform in [-sqrt(3), sqrt(3)] (mean 0, variance 1) and labels drawn from the
/// softmax of a fixed teacher's logits <c>T x</c>. T (classes x features, no bias) has entries uniform with standard
/// deviation <c>logitScale / sqrt(features)</c>, so a teacher logit has standard deviation about <c>logitScale</c>.
/// The teacher's own cross-entropy on its labels is the loss a perfect student reaches on average.
/// </summary>
internal sealed class TeacherTask
{
    private static readonly float UnitUniformHalfWidth = MathF.Sqrt(3f);

    private readonly float[] _teacher;

    public TeacherTask(int features, int classes, float logitScale, int seed)
    {
        Features = features;
        Classes = classes;
        var random = new Random(seed);
        var halfWidth = UnitUniformHalfWidth * logitScale / MathF.Sqrt(features);
        _teacher = new float[classes * features];
        for (var i = 0; i < _teacher.Length; i++)
        {
            _teacher[i] = ((2f * random.NextSingle()) - 1f) * halfWidth;
        }
    }

    public int Features { get; }

    public int Classes { get; }

    /// <summary>
    /// Fills <paramref name="x"/> (labels.Length examples) and <paramref name="labels"/> with the next examples of
    /// <paramref name="random"/>; <paramref name="logits"/> (labels.Length x classes) is scratch. Returns the teacher's
    /// summed cross-entropy on the labels it drew.
    /// </summary>
    public double NextBatch(Random random, float[] x, int[] labels, float[] logits)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = ((2f * random.NextSingle()) - 1f) * UnitUniformHalfWidth;
        }

        SoftmaxRegression.Logits(_teacher, [], x, labels.Length, logits);
        var loss = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            var probabilities = logits.AsSpan(i * Classes, Classes);
            SoftmaxRegression.Softmax(probabilities);
            labels[i] = Draw(probabilities, random.NextDouble());
            loss -= Math.Log(probabilities[labels[i]]);
        }

        return loss;
    }

    /// <summary>The first class whose cumulative probability exceeds <paramref name="u"/> (the last class if rounding leaves none).</summary>
    private static int Draw(ReadOnlySpan<float> probabilities, double u)
    {
        var cumulative = 0.0;
        for (var c = 0; c < probabilities.Length; c++)
        {
            cumulative += probabilities[c];
            if (u < cumulative)
            {
                return c;
            }
        }

        return probabilities.Length - 1;
    }
}
