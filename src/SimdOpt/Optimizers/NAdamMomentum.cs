namespace SimdOpt.Optimizers;

/// <summary>NAdam's momentum schedule, in double; shared by <see cref="NAdam"/> and <c>ReferenceNAdam</c>.</summary>
public static class NAdamMomentum
{
    /// <summary><c>ln 0.96</c> (of the double nearest 0.96), rounded to double.</summary>
    public const double LnOf096 = -0.040821994520255166;

    /// <summary>
    /// <c>mu_t = beta1 * (1 - 0.5 * 0.96^(t * psi))</c>, with <c>0.96^(t * psi) = StepScalars.Exp((t * psi) * ln 0.96)</c>;
    /// every operation in double, in that order.
    /// </summary>
    /// <param name="beta1">beta1.</param>
    /// <param name="momentumDecay">psi.</param>
    /// <param name="step">t, from 1.</param>
    public static double Factor(double beta1, double momentumDecay, long step) =>
        beta1 * (1.0 - (0.5 * StepScalars.Exp(step * momentumDecay * LnOf096)));

    /// <summary>The product <c>mu_1 * mu_2 * ... * mu_t</c>, multiplied in that order from 1.0 in double (1.0 for t = 0).</summary>
    public static double Product(double beta1, double momentumDecay, long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var product = 1.0;
        for (long k = 1; k <= step; k++)
        {
            product *= Factor(beta1, momentumDecay, k);
        }

        return product;
    }
}
