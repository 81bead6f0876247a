using System.Numerics;

namespace SimdOpt.Training.Random;

/// <summary>
/// numpy's legacy global generator (<c>np.random.seed</c>, <c>random_sample</c>, <c>randn</c>,
/// <c>permutation</c>, <c>shuffle</c>), reproduced draw for draw so that code ported from numpy gets the
/// same numbers. After construction no member allocates.
/// </summary>
public sealed class NumpyLegacyRandom
{
    private const double TwoToThe26 = 67108864.0;
    private const double TwoToThe53 = 9007199254740992.0;

    private readonly Mt19937 _twister = new();
    private bool _hasCachedGaussian;
    private double _cachedGaussian;

    /// <summary>Creates a generator seeded like <c>np.random.seed(seed)</c>.</summary>
    /// <param name="seed">The 32-bit seed.</param>
    public NumpyLegacyRandom(uint seed) => Seed(seed);

    /// <summary>Re-seeds like <c>np.random.seed(seed)</c>, also dropping the cached second Gaussian.</summary>
    /// <param name="seed">The 32-bit seed.</param>
    public void Seed(uint seed)
    {
        _twister.Seed(seed);
        _hasCachedGaussian = false;
        _cachedGaussian = 0;
    }

    /// <summary>Re-seeds like <c>np.random.seed(seed)</c> from a state of <paramref name="states"/> (the same numbers as <see cref="Seed(uint)"/>).</summary>
    internal void Seed(SeededStates states, uint seed)
    {
        _twister.Seed(states.Of(seed));
        _hasCachedGaussian = false;
        _cachedGaussian = 0;
    }

    /// <summary>The next raw 32-bit output of MT19937.</summary>
    /// <returns>A uniformly distributed 32-bit value.</returns>
    public uint NextUInt32() => _twister.Next();

    /// <summary>
    /// A double in [0, 1) with 53 random bits, as <c>random_sample</c>:
    /// <c>((a &gt;&gt; 5) * 2^26 + (b &gt;&gt; 6)) / 2^53</c> from two 32-bit draws a, b.
    /// </summary>
    /// <returns>The sample.</returns>
    public double RandomSample()
    {
        var a = _twister.Next() >> 5;
        var b = _twister.Next() >> 6;
        return ((a * TwoToThe26) + b) / TwoToThe53;
    }

    /// <summary>
    /// A standard normal sample, as <c>randn</c>: the polar Box–Muller method, which produces two values per
    /// accepted pair and returns the cached one on the next call.
    /// </summary>
    /// <returns>The sample.</returns>
    public double StandardNormal()
    {
        if (_hasCachedGaussian)
        {
            _hasCachedGaussian = false;
            return _cachedGaussian;
        }

        double x1, x2, r2;
        do
        {
            x1 = (2.0 * RandomSample()) - 1.0;
            x2 = (2.0 * RandomSample()) - 1.0;
            r2 = (x1 * x1) + (x2 * x2);
        }
        while (r2 >= 1.0 || r2 == 0.0);

        var f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _cachedGaussian = f * x1;
        _hasCachedGaussian = true;
        return f * x2;
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="max"/>], as numpy's legacy bounded draw: mask each 32-bit
    /// output with the smallest all-ones mask covering <paramref name="max"/> and reject values above it.
    /// </summary>
    /// <param name="max">The inclusive upper bound.</param>
    /// <returns>The sample.</returns>
    public uint Interval(uint max)
    {
        if (max == 0)
        {
            return 0;
        }

        var mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        do
        {
            value = _twister.Next() & mask;
        }
        while (value > max);

        return value;
    }

    /// <summary>
    /// Shuffles in place as numpy's legacy <c>shuffle</c>: Fisher–Yates from the last element down, swapping element i
    /// with <c>j = Interval(i)</c>. The draws are read straight from the generator's block of outputs, the mask is
    /// computed once per power of two, and a rejected draw swaps element i with itself (an arithmetic select, not a
    /// branch), so the loop has no unpredictable branch; it consumes the same outputs and gives the same order as
    /// calling <see cref="Interval"/> for each i.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="values">The values to shuffle.</param>
    public void Shuffle<T>(Span<T> values)
    {
        var i = values.Length - 1;
        while (i > 0)
        {
            var outputs = _twister.Unread();
            var mask = uint.MaxValue >> BitOperations.LeadingZeroCount((uint)i);
            var floor = (int)(mask >> 1);
            var used = 0;
            for (; used < outputs.Length && i > floor; used++)
            {
                // i and the draw are below 2^31, so draw - i - 1 is negative exactly when the draw is accepted.
                var draw = (int)(outputs[used] & mask);
                var accepted = (draw - i - 1) >> 31;
                var j = i ^ ((i ^ draw) & accepted);
                (values[i], values[j]) = (values[j], values[i]);
                i += accepted;
            }

            _twister.Skip(used);
        }
    }

    /// <summary>Writes <c>np.random.permutation(destination.Length)</c> into <paramref name="destination"/>.</summary>
    /// <param name="destination">Receives a permutation of 0 .. length - 1.</param>
    public void Permutation(Span<int> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = i;
        }

        Shuffle(destination);
    }
}
