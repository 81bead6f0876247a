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
        const long one = 0x3FF0_0000_0000_0000; // the bits of 1.0
        while (n != 0)
        {
            // result *= bit ? square : 1.0, selected on the bits without a branch (the bits of n change every
            // step, so a branch here mispredicts); multiplying by 1.0 is exact, so the result is the same.
            var take = -(n & 1);
            result *= BitConverter.Int64BitsToDouble((BitConverter.DoubleToInt64Bits(square) & take) | (one & ~take));
            n >>= 1;
            square *= square;
        }

        return result;
    }

    /// <summary>The bias correction <c>1 - beta^t</c>, in double.</summary>
    public static double BiasCorrection(double beta, long step) => 1.0 - Power(beta, step);
}
