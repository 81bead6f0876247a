using System.Numerics;
using System.Runtime.CompilerServices;

namespace SimdOpt.Precision;

/// <summary>
/// The counter-based random bits of stochastic rounding, as <see cref="Optimizers.OptimizerOptions.StochasticRoundingSeed"/>
/// documents: one key per (seed, step, state slot), then a 32-bit hash of each element's index with the key.
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

    /// <summary>LowBias32 of <paramref name="x"/> (the element index xor the key).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint RandomBits(uint x)
    {
        x ^= x >> 16;
        x = unchecked(x * 0x7FEB352Du);
        x ^= x >> 15;
        x = unchecked(x * 0x846CA68Bu);
        return x ^ (x >> 16);
    }

    /// <summary>LowBias32 of every element of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<uint> RandomBits(Vector<uint> x)
    {
        x ^= Vector.ShiftRightLogical(x, 16);
        x *= new Vector<uint>(0x7FEB352Du);
        x ^= Vector.ShiftRightLogical(x, 15);
        x *= new Vector<uint>(0x846CA68Bu);
        return x ^ Vector.ShiftRightLogical(x, 16);
    }
}
