namespace SimdOpt.Distributed.MpiChecks;

/// <summary>Deterministic gradients every rank can compute for every rank: zeros, tiny, ordinary and large values.</summary>
internal static class Gradients
{
    public static void Fill(Span<float> destination, int rank, int step)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var h = (uint)i * 2654435761u ^ (uint)((step * 40503) + (rank * 9973) + 17);
            h ^= h >> 15;
            h *= 0x2c1b3c6du;
            h ^= h >> 12;
            var unit = (((h & 0xFFFFFF) / 16777216f) - 0.5f) * 2f;
            destination[i] = (h >> 28) switch
            {
                0 => 0f,
                1 => unit * 1e-39f,
                2 => unit * 1e4f,
                _ => unit,
            };
        }
    }

    /// <summary>The single-process reference: the ranks' gradients summed in rank order, left to right.</summary>
    public static void SumInRankOrder(Span<float> sum, Span<float> scratch, int ranks, int step)
    {
        Fill(sum, 0, step);
        for (var r = 1; r < ranks; r++)
        {
            Fill(scratch, r, step);
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += scratch[i];
            }
        }
    }
}
