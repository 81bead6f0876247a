using SimdOpt.Parameters;

namespace SimdOpt.StatePrecisionQuality;

/// <summary>The student's parameter layout: <c>weight</c> (classes x features) and <c>bias</c> (classes).</summary>
internal static class Model
{
    public const string Weight = "weight";

    public const string Bias = "bias";

    public static ParameterLayout Layout(int features, int classes) => ParameterLayout.Create((Weight, [classes, features]), (Bias, [classes]));
}
