namespace SimdOpt.Kernels;

/// <summary>The thresholds of <see cref="SubnormalFlush{TFlush}"/>.</summary>
internal static class SubnormalThreshold
{
    /// <summary>The smallest normal float, 2^-126: states below it in magnitude are stored as +0.</summary>
    public const float SmallestNormal = 1.17549435E-38f;

    /// <summary>The gradient threshold of a bare <c>g * g</c> (AdaGrad): 2^-63, whose square is exactly 2^-126.</summary>
    public const float UnitCoefficient = 1.08420217E-19f;

    /// <summary>
    /// The gradient threshold T of a squared term <c>c * (g * g)</c> with float coefficient <paramref name="coefficient"/>
    /// in (0, 1]: <c>max(2^-63, sqrt(2^-126 / c))</c> in double, rounded up to a float.
    /// For every |g| &gt;= T both <c>g * g</c> and <c>c * (g * g)</c>, rounded to float, are at least 2^-126
    /// (checked for every float c in [2^-53, 1], the range of <c>(float)(1 - beta)</c> for beta in [0, 1)).
    /// </summary>
    public static float ForSquareTerm(float coefficient)
    {
        var exact = Math.Max(Math.ScaleB(1.0, -63), Math.Sqrt(Math.ScaleB(1.0, -126) / coefficient));
        var rounded = (float)exact;
        return rounded < exact ? MathF.BitIncrement(rounded) : rounded;
    }
}
