using System.Globalization;

namespace SimdOpt.Optimizers;

/// <summary>
/// Range checks that name the hyperparameter and its valid range. The kernels compute in float32, so a value
/// is valid only if it stays what it says once rounded to float32: a rate or weight decay must round to a finite
/// float (at most <see cref="float.MaxValue"/>), an epsilon to a positive one (not below about
/// <see cref="float.Epsilon"/>, 1.4E-45).
/// </summary>
internal static class Check
{
    /// <summary>The valid range of a non-negative float32 scalar, as messages state it.</summary>
    public static readonly string NonNegativeRange = string.Create(CultureInfo.InvariantCulture, $"[0, {float.MaxValue:R}]");

    /// <summary>The valid range of a positive float32 scalar, as messages state it.</summary>
    public static readonly string PositiveRange = string.Create(CultureInfo.InvariantCulture, $"[{float.Epsilon:R}, {float.MaxValue:R}]");

    /// <summary>[0, float.MaxValue]: learning rates, weight decay, scales.</summary>
    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || !float.IsFinite((float)value))
        {
            throw new ArgumentOutOfRangeException(
                name, value, $"{name} must be in {NonNegativeRange} (it is used as a float32, where larger values round to infinity); got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>[float.Epsilon, float.MaxValue]: epsilons and other positive scalars.</summary>
    public static void Positive(double value, string name) => PositiveFloat(value, name, name);

    /// <summary>
    /// <paramref name="value"/>, a scalar derived from hyperparameter <paramref name="name"/> by
    /// <paramref name="formula"/>, must round to a positive finite float32.
    /// </summary>
    public static void PositiveFloat(double value, string name, string formula)
    {
        if (!(value > 0) || (float)value <= 0 || !float.IsFinite((float)value))
        {
            var which = formula == name ? name : $"{formula} (from {name})";
            throw new ArgumentOutOfRangeException(
                name, value, $"{which} must be in {PositiveRange} (it is used as a float32, where smaller values round to 0 and larger ones to infinity); got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>[0, 1): betas, alpha-style decay rates, momentum.</summary>
    public static void UnitInterval(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1); got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>[0, 1]: dampening.</summary>
    public static void ClosedUnitInterval(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1]; got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
