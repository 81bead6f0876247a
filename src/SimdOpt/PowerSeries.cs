using System.Numerics;

namespace SimdOpt;

/// <summary>
/// The powers <c>x^n</c> of one base <c>x</c>, with the bits of <see cref="StepScalars.Power(double, long)"/>: that
/// function's squares <c>x^(2^i)</c> (each the previous one squared, rounded to double) do not depend on n, so they are
/// formed once here, and a power multiplies the result by the squares of n's set bits, from the lowest, in the same order.
/// The factors 1.0 the function multiplies by for n's clear bits are exact, so leaving them out changes nothing; a step's
/// bias corrections then cost one multiplication per set bit of t instead of two per bit.
/// </summary>
internal sealed class PowerSeries
{
    /// <summary><c>x^(2^i)</c> for every bit i a non-negative <see cref="long"/> can have.</summary>
    private readonly double[] _squares = new double[63];

    /// <summary>Forms the squares of <paramref name="x"/>.</summary>
    public PowerSeries(double x)
    {
        var square = x;
        for (var i = 0; i < _squares.Length; i++)
        {
            _squares[i] = square;
            square *= square;
        }
    }

    /// <summary><c>x^n</c>, the same bits as <see cref="StepScalars.Power(double, long)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public double Power(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = 1.0;
        for (var bits = (ulong)n; bits != 0; bits &= bits - 1)
        {
            result *= _squares[BitOperations.TrailingZeroCount(bits)];
        }

        return result;
    }

    /// <summary>The bias correction <c>1 - x^t</c>, the same bits as <see cref="StepScalars.BiasCorrection(double, long)"/>.</summary>
    public double BiasCorrection(long step) => 1.0 - Power(step);

    /// <summary>
    /// <c>x^n</c> of this series and of <paramref name="other"/> in one pass over n's set bits, each with the bits of
    /// <see cref="Power"/>: the two chains of products run side by side, and the loop's exit (its trip count changes with n,
    /// so it is mispredicted) is paid once for both.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public (double Power, double OtherPower) Powers(PowerSeries other, long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = 1.0;
        var otherResult = 1.0;
        var otherSquares = other._squares;
        for (var bits = (ulong)n; bits != 0; bits &= bits - 1)
        {
            var bit = BitOperations.TrailingZeroCount(bits);
            result *= _squares[bit];
            otherResult *= otherSquares[bit];
        }

        return (result, otherResult);
    }
}
