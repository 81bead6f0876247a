using SimdOpt.Optimizers;
using SimdOpt.Reference;

namespace SimdOpt.Testing;

/// <summary>An in-place update under test: one step over <paramref name="parameters"/> with <paramref name="gradients"/>.</summary>
/// <param name="parameters">The parameters, updated in place.</param>
/// <param name="gradients">The gradients of this step.</param>
public delegate void SpanUpdate(Span<float> parameters, ReadOnlySpan<float> gradients);

/// <summary>The current contents of the state named <paramref name="name"/> (as SimdOpt's optimizer names it, <c>exp_avg</c>) of an update under test.</summary>
/// <param name="name">The state's name.</param>
/// <returns>The state's values.</returns>
public delegate ReadOnlySpan<float> StateView(string name);

/// <summary>Runs any span-based update side by side with a SimdOpt reference rule and reports the first difference.</summary>
public static class ReferenceAssert
{
    /// <summary>
    /// The gradient of step <paramref name="step"/> used by <see cref="Matches"/>: <paramref name="drawn"/> rotated
    /// left by <c>3 * step</c> elements, so every step sees new values at every element.
    /// </summary>
    /// <param name="drawn">The drawn gradient values.</param>
    /// <param name="step">The step number.</param>
    /// <param name="destination">Receives the rotated values; as long as <paramref name="drawn"/>.</param>
    public static void GradientOfStep(ReadOnlySpan<float> drawn, long step, Span<float> destination)
    {
        var n = drawn.Length;
        for (var i = 0; i < n; i++)
        {
            destination[i] = drawn[(int)((i + (3 * step)) % n)];
        }
    }

    /// <summary>
    /// Steps <paramref name="update"/> and <paramref name="rule"/>'s reference <paramref name="steps"/> times from the
    /// same <paramref name="parameters"/>, with the gradients of <see cref="GradientOfStep"/>, and throws
    /// <see cref="BitMismatchException"/> at the first step and element where the parameters (or, when
    /// <paramref name="actualState"/> is given, a state slot) differ in their bits. The message gives the step,
    /// the index, both values with their bits, and the ULP distance.
    /// </summary>
    /// <remarks>
    /// The update sees its parameters at element <paramref name="offset"/> of a larger array and its gradients at
    /// element <c>15 - offset</c> of another, so unaligned starts are exercised. The reference starts from the
    /// initial state of the SimdOpt optimizer that <see cref="RuleSetup.Create"/> builds for the same length.
    /// </remarks>
    /// <param name="rule">The rule and hyperparameters to compare against.</param>
    /// <param name="parameters">The starting parameters.</param>
    /// <param name="gradients">The drawn gradients; as long as <paramref name="parameters"/>.</param>
    /// <param name="update">The update under test; it owns its own state.</param>
    /// <param name="actualState">Views of the update's state by name, or null to compare parameters only.</param>
    /// <param name="steps">Number of steps, at least 1.</param>
    /// <param name="offset">Start of the parameter slice in its backing array, 0..15.</param>
    /// <exception cref="BitMismatchException">The update and the reference differ.</exception>
    public static void Matches(RuleSetup rule, ReadOnlySpan<float> parameters, ReadOnlySpan<float> gradients, SpanUpdate update, StateView? actualState = null, int steps = 8, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, 15);
        if (gradients.Length != parameters.Length)
        {
            throw new ArgumentException($"The gradients have {gradients.Length} elements; the parameters {parameters.Length}.", nameof(gradients));
        }

        var n = parameters.Length;
        var initial = rule.Create(Layouts.SingleTensor(n), rule.LearningRate);
        var states = initial.StateNames.Select(name => initial.State(name).Span.ToArray()).ToArray();
        var namedStates = new ReferenceStates(initial.StateNames, [.. states.Select(s => (Memory<float>)s)]);

        var parameterBacking = new float[n + 16];
        var gradientBacking = new float[n + 16];
        var actual = parameterBacking.AsSpan(offset, n);
        var g = gradientBacking.AsSpan(15 - offset, n);
        parameters.CopyTo(actual);
        var expected = parameters.ToArray();
        var stepGradient = new float[n];
        for (long t = 1; t <= steps; t++)
        {
            GradientOfStep(gradients, t, stepGradient);
            stepGradient.CopyTo(g);
            update(actual, g);
            rule.Reference(new ReferenceStepData(expected, stepGradient, namedStates, t, rule.LearningRate));
            Bits.Equal(expected, actual, $"{rule}, n={n}, offset={offset}, step {t}: parameters");
            if (actualState is not null)
            {
                for (var slot = 0; slot < initial.StateNames.Count; slot++)
                {
                    var name = initial.StateNames[slot];
                    Bits.Equal(states[slot], actualState(name), $"{rule}, n={n}, offset={offset}, step {t}: state {name}");
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Matches"/> for a SimdOpt optimizer built by <paramref name="rule"/>: compares its parameters and
    /// every state buffer with the reference's after each step.
    /// </summary>
    /// <param name="rule">The rule and hyperparameters.</param>
    /// <param name="parameters">The starting parameters.</param>
    /// <param name="gradients">The drawn gradients.</param>
    /// <param name="steps">Number of steps, at least 1.</param>
    /// <param name="offset">Start of the parameter slice in its backing array, 0..15.</param>
    /// <returns>The optimizer after the steps.</returns>
    /// <exception cref="BitMismatchException">The optimizer and the reference differ.</exception>
    public static Optimizer OptimizerMatches(RuleSetup rule, ReadOnlySpan<float> parameters, ReadOnlySpan<float> gradients, int steps = 8, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var optimizer = rule.Create(Layouts.SingleTensor(parameters.Length), rule.LearningRate);
        Matches(
            rule,
            parameters,
            gradients,
            (p, g) => optimizer.Step(p, g),
            name => optimizer.State(name).Span,
            steps,
            offset);
        return optimizer;
    }
}
