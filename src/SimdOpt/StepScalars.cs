namespace SimdOpt;

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

    /// <summary>
    /// <c>e^x</c> from IEEE basic operations alone, so it is the same on every platform (unlike
    /// <see cref="Math.Exp(double)"/>, which the platform's C library computes): <c>k = round(x / ln 2)</c> (ties to
    /// even), <c>r = (x - k * ln2Hi) - k * ln2Lo</c> (|r| &lt;= 0.35), the degree-13 Taylor polynomial of
    /// <c>e^r</c> by Horner's rule with coefficients <c>1 / i!</c> (each a rounded double quotient), then
    /// <see cref="Math.ScaleB(double, int)"/> by k. Within a few units in the last place of the exact value;
    /// +inf above 709.79, +0 below -745.2, NaN for NaN.
    /// </summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (x > 709.79)
        {
            return double.PositiveInfinity;
        }

        if (x < -745.2)
        {
            return 0.0;
        }

        var k = Math.Round(x * InverseLn2, MidpointRounding.ToEven);
        var r = (x - (k * Ln2Hi)) - (k * Ln2Lo);
        var sum = ExpCoefficients[^1];
        for (var i = ExpCoefficients.Length - 2; i >= 0; i--)
        {
            sum = (sum * r) + ExpCoefficients[i];
        }

        return Math.ScaleB(sum, (int)k);
    }

    /// <summary><c>1 / ln 2</c>, rounded to double.</summary>
    private const double InverseLn2 = 1.4426950408889634;

    /// <summary>The high part of ln 2: its first 32 significant bits, so <c>k * Ln2Hi</c> is exact for every k that <see cref="Exp"/> uses.</summary>
    private const double Ln2Hi = 6.93147180369123816490e-01;

    /// <summary><c>ln 2 - Ln2Hi</c>, rounded to double.</summary>
    private const double Ln2Lo = 1.90821492927058770002e-10;

    /// <summary><c>1 / i!</c> for i = 0..13.</summary>
    private static readonly double[] ExpCoefficients = ExpTaylorCoefficients();

    private static double[] ExpTaylorCoefficients()
    {
        var coefficients = new double[14];
        var factorial = 1.0;
        for (var i = 0; i < coefficients.Length; i++)
        {
            factorial *= Math.Max(i, 1);
            coefficients[i] = 1.0 / factorial;
        }

        return coefficients;
    }
}
