namespace SimdOpt.Tests.Gradients;

/// <summary>Scalar oracles for the gradient norm: the documented order written plainly, and a naive running sum.</summary>
internal static class NormReference
{
    /// <summary>The documented order: 16 partials by index mod 16, then the pairwise tree 8, 4, 2, 1.</summary>
    public static double SumOfSquaresInOrder(ReadOnlySpan<float> values)
    {
        var partials = new double[16];
        for (var i = 0; i < values.Length; i++)
        {
            var x = (double)values[i];
            partials[i % 16] = partials[i % 16] + (x * x);
        }

        for (var width = 8; width >= 1; width /= 2)
        {
            for (var k = 0; k < width; k++)
            {
                partials[k] = partials[k] + partials[k + width];
            }
        }

        return partials[0];
    }

    /// <summary>One running double sum, left to right.</summary>
    public static double NaiveSumOfSquares(ReadOnlySpan<float> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (double)v * v;
        }

        return sum;
    }

    /// <summary>Random floats spanning many magnitudes, with zeros, subnormals, huge and tiny values.</summary>
    public static float[] Values(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = random.Next(12) switch
            {
                0 => 0f,
                1 => -0f,
                2 => float.Epsilon * random.Next(1, 1000),
                3 => (float)(random.NextDouble() * 1e30),
                4 => (float)(-random.NextDouble() * 1e-30),
                5 => float.MaxValue * (float)random.NextDouble(),
                _ => (float)((random.NextDouble() * 2) - 1) * MathF.Pow(10, random.Next(-6, 6)),
            };
        }

        return values;
    }
}
