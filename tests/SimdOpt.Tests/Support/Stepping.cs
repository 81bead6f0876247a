using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Tests.Support;

/// <summary>Runs an optimizer and its reference side by side.</summary>
public static class Stepping
{
    public const int Steps = 8;

    /// <summary>The gradient of step t: the drawn gradients rotated by 3t, so every step sees new values per element.</summary>
    public static void GradientOfStep(ReadOnlySpan<float> drawn, long step, Span<float> destination)
    {
        var n = drawn.Length;
        for (var i = 0; i < n; i++)
        {
            destination[i] = drawn[(int)((i + (3 * step)) % n)];
        }
    }

    public static ParameterLayout SingleTensor(int length) =>
        length == 0 ? new ParameterLayout.Builder().Build() : ParameterLayout.Create(("w", [length]));

    /// <summary>
    /// Steps the optimizer over slices at <paramref name="offset"/> into larger arrays and the reference over plain
    /// arrays, <see cref="Steps"/> times; asserts parameters and every state buffer are the same bits.
    /// </summary>
    public static void AssertMatchesReference(RuleSetup rule, float[] parameters, float[] gradients, int offset)
    {
        var n = parameters.Length;
        var optimizer = rule.Create(SingleTensor(n), rule.LearningRate);
        var parameterBacking = new float[n + 16];
        var gradientBacking = new float[n + 16];
        var p = parameterBacking.AsSpan(offset, n);
        var g = gradientBacking.AsSpan(15 - offset, n);
        parameters.CopyTo(p);

        var expected = (float[])parameters.Clone();
        var states = new float[3][];
        for (var slot = 0; slot < 3; slot++)
        {
            states[slot] = slot < optimizer.StateNames.Count ? optimizer.State(optimizer.StateNames[slot]).Span.ToArray() : [];
        }

        var stepGradient = new float[n];
        for (long t = 1; t <= Steps; t++)
        {
            GradientOfStep(gradients, t, stepGradient);
            stepGradient.CopyTo(g);
            Assert.Equal(StepOutcome.Applied, optimizer.Step(p, g));
            rule.Reference(expected, stepGradient, states[0], states[1], states[2], t, rule.LearningRate);
        }

        Bits.Equal(expected, p, $"{rule} parameters");
        for (var slot = 0; slot < optimizer.StateNames.Count; slot++)
        {
            Bits.Equal(states[slot], optimizer.State(optimizer.StateNames[slot]).Span, $"{rule} state {optimizer.StateNames[slot]}");
        }

        Assert.Equal(Steps, optimizer.StepCount);
    }
}
