using SimdOpt.Parameters;

namespace SimdOpt.Benchmarks;

/// <summary>Seeded, reproducible contents for benchmark buffers.</summary>
public static class Fill
{
    /// <summary>Uniform values in [-scale, scale), from a fixed seed.</summary>
    public static void Uniform(Span<float> destination, float scale, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = ((random.NextSingle() * 2f) - 1f) * scale;
        }
    }

    /// <summary>One tensor of <paramref name="size"/> elements: parameters in [-1, 1) and gradients in [-gradientScale, gradientScale).</summary>
    public static (ParameterLayout Layout, ParameterBuffer Parameters, ParameterBuffer Gradients) Buffers(int size, float gradientScale)
    {
        var layout = ParameterLayout.Create(("weights", [size]));
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        Uniform(parameters.Span, 1f, seed: 1);
        Uniform(gradients.Span, gradientScale, seed: 2);
        return (layout, parameters, gradients);
    }
}
