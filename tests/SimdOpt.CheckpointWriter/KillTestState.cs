using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.CheckpointWriter;

/// <summary>The state the kill test's writer saves for a given counter, and the check that a loaded state is one of them.</summary>
public static class KillTestState
{
    public static ParameterLayout Layout(int elements) => ParameterLayout.Create(("w", [elements / 4, 4]));

    public static Adam CreateOptimizer(ParameterLayout layout) => new(layout, 0.001);

    private static float Value(long counter, int slot, int i) => (float)(((counter * 7919) + (slot * 104729) + i) % 1_000_003) / 7f;

    /// <summary>Fills parameters and every state buffer with values that depend on the counter, and sets the step count to it.</summary>
    public static void Fill(Optimizer optimizer, ParameterBuffer parameters, long counter)
    {
        var p = parameters.Span;
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = Value(counter, 0, i);
        }

        for (var slot = 0; slot < optimizer.StateNames.Count; slot++)
        {
            var s = optimizer.State(optimizer.StateNames[slot]).Span;
            for (var i = 0; i < s.Length; i++)
            {
                s[i] = Value(counter, slot + 1, i);
            }
        }

        optimizer.RestoreStepCount(counter);
    }

    /// <summary>The index of the first element that is not what <see cref="Fill"/> wrote for <paramref name="counter"/>, or -1.</summary>
    public static int FirstWrongElement(Optimizer optimizer, ParameterBuffer parameters, long counter)
    {
        var p = parameters.Span;
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] != Value(counter, 0, i))
            {
                return i;
            }
        }

        for (var slot = 0; slot < optimizer.StateNames.Count; slot++)
        {
            var s = optimizer.State(optimizer.StateNames[slot]).Span;
            for (var i = 0; i < s.Length; i++)
            {
                if (s[i] != Value(counter, slot + 1, i))
                {
                    return ((slot + 1) * p.Length) + i;
                }
            }
        }

        return -1;
    }
}
