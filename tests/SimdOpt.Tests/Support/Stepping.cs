using SimdOpt.Parameters;

namespace SimdOpt.Tests.Support;

/// <summary>Runs an optimizer and its reference side by side, through SimdOpt.Testing's <see cref="ReferenceAssert"/>.</summary>
public static class Stepping
{
    public const int Steps = 8;

    /// <summary>The gradient of step t: the drawn gradients rotated by 3t, so every step sees new values per element.</summary>
    public static void GradientOfStep(ReadOnlySpan<float> drawn, long step, Span<float> destination) =>
        ReferenceAssert.GradientOfStep(drawn, step, destination);

    public static ParameterLayout SingleTensor(int length) => Layouts.SingleTensor(length);

    /// <summary>
    /// Steps the optimizer over slices at <paramref name="offset"/> into larger arrays and the reference over plain
    /// arrays, <see cref="Steps"/> times; asserts parameters and every state buffer are the same bits after every step.
    /// </summary>
    public static void AssertMatchesReference(RuleSetup rule, float[] parameters, float[] gradients, int offset)
    {
        var optimizer = ReferenceAssert.OptimizerMatches(rule, parameters, gradients, Steps, offset);
        Assert.Equal(Steps, optimizer.StepCount);
    }
}
