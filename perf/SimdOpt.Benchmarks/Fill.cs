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
}
