namespace SimdOpt.State;

/// <summary>
/// The check of a header number that must be finite: the JSON reader reads a number beyond the double range as an
/// infinity instead of refusing it.
/// </summary>
internal static class Finite
{
    public static void Check(string where, string key, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new StateFileFormatException($"{where}.{key} must be a finite number; got {value}.");
        }
    }
}
