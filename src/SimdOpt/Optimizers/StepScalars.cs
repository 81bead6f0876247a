namespace SimdOpt.Optimizers;

/// <summary>
/// The one documented way step scalars are computed: in double, with operations whose results IEEE 754
/// fixes (no <see cref="Math.Pow(double, double)"/>, whose last bit varies by platform), then rounded to
/// float once. The optimizers and the <c>Reference</c> rules both use it.
/// </summary>
public static class StepScalars
{
    /// <summary>
    /// <c>x^n</c> by binary exponentiation: square-and-multiply over the bits of <paramref name="n"/> from the
    /// lowest, each product rounded to double. Deterministic on every platform.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static double Power(double x, long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = 1.0;
        var square = x;
        while (n != 0)
        {
            if ((n & 1) != 0)
            {
                result *= square;
            }

            n >>= 1;
            if (n != 0)
            {
                square *= square;
            }
        }

        return result;
    }

    /// <summary>The bias correction <c>1 - beta^t</c>, in double.</summary>
    public static double BiasCorrection(double beta, long step) => 1.0 - Power(beta, step);
}
