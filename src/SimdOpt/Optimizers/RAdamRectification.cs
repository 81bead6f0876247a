namespace SimdOpt.Optimizers;

/// <summary>RAdam's variance rectification (Liu et al. 2020), in double; shared by <see cref="RAdam"/> and <c>ReferenceRAdam</c>.</summary>
public static class RAdamRectification
{
    /// <summary>The threshold on rho_t: a step is rectified when <c>rho_t &gt; 5</c>.</summary>
    public const double Threshold = 5.0;

    /// <summary>
    /// The rectification term <c>r_t</c> of step t, or null when <c>rho_t &lt;= 5</c> (then the step is not adaptive).
    /// In double, in this order: <c>rhoInf = 2 / (1 - beta2) - 1</c>; <c>b = beta2^t</c> (<see cref="StepScalars.Power"/>);
    /// <c>rho_t = rhoInf - ((2 * t) * b) / (1 - b)</c>; <c>r_t = sqrt((((rho_t - 4) * (rho_t - 2)) * rhoInf) / (((rhoInf - 4) * (rhoInf - 2)) * rho_t))</c>.
    /// </summary>
    /// <param name="beta2">beta2, in [0, 1).</param>
    /// <param name="step">t, from 1.</param>
    public static double? Term(double beta2, long step) => Term(beta2, StepScalars.Power(beta2, step), step);

    /// <summary><see cref="Term(double, long)"/> with <c>b = beta2^t</c> already computed (by a <see cref="PowerSeries"/>: the same bits).</summary>
    internal static double? Term(double beta2, double b, long step)
    {
        var rhoInf = (2.0 / (1.0 - beta2)) - 1.0;
        var rho = rhoInf - ((2.0 * step * b) / (1.0 - b));
        if (!(rho > Threshold))
        {
            return null;
        }

        return Math.Sqrt((rho - 4.0) * (rho - 2.0) * rhoInf / ((rhoInf - 4.0) * (rhoInf - 2.0) * rho));
    }
}
