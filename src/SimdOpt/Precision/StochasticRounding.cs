namespace SimdOpt.Precision;

/// <summary>
/// The key of stochastic rounding, as <see cref="Optimizers.OptimizerOptions.StochasticRoundingSeed"/> documents: one key per
/// (seed, step, state slot); each element's random bits are then a 32-bit hash of its index with the key
/// (<see cref="Kernels.ILane{TSelf}.StoreBFloat16Stochastic"/>).
/// </summary>
internal static class StochasticRounding
{
    /// <summary><c>(uint)SplitMix64(seed + step * 0x9E3779B97F4A7C15 + slot * 0xD1B54A32D192ED03)</c>.</summary>
    public static uint Key(ulong seed, long step, int slot)
    {
        var z = unchecked(seed + ((ulong)step * 0x9E3779B97F4A7C15UL) + ((ulong)slot * 0xD1B54A32D192ED03UL));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (uint)(z ^ (z >> 31));
    }
}
