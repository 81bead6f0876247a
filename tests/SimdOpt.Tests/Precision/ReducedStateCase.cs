using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Precision;
using SimdOpt.Reference;

namespace SimdOpt.Tests.Precision;

/// <summary>
/// A rule from SimdOpt.Testing's generators with its options switched to bfloat16 state: builds the optimizer (the
/// optimizer class named after the options record) and steps the reference over bfloat16 state beside it.
/// </summary>
public static class ReducedStateCase
{
    /// <summary>The rule's options with <paramref name="precision"/> and <paramref name="seed"/>.</summary>
    public static OptimizerOptions WithPrecision(OptimizerOptions options, StatePrecision precision, ulong? seed) =>
        options with { StatePrecision = precision, StochasticRoundingSeed = seed };

    /// <summary>The optimizer of <paramref name="options"/>' rule (<c>AdamOptions</c> → <c>Adam</c>, ...).</summary>
    public static Optimizer Create(OptimizerOptions options, ParameterLayout layout, double learningRate)
    {
        var name = options.GetType().FullName!;
        var type = typeof(Optimizer).Assembly.GetType(name[..^"Options".Length], throwOnError: true)!;
        return (Optimizer)Activator.CreateInstance(type, layout, learningRate, options, null, NonFiniteGradientPolicy.Propagate)!;
    }

    /// <summary>The encoded bits of state slot <paramref name="slot"/> of a bfloat16-state optimizer.</summary>
    public static ushort[] Bits(Optimizer optimizer, int slot) => ((BFloat16State)optimizer.ReducedState!).Bits(slot).ToArray();

    /// <summary>One reference step of <paramref name="rule"/> over bfloat16 state (slots beyond the rule's are empty arrays).</summary>
    public static void ReferenceStep(RuleSetup rule, IReadOnlyList<string> stateNames, float[] parameters, float[] gradients, ushort[][] states, long step, ulong? seed) =>
        ReferenceBFloat16.Step(parameters, gradients, states[0], states[1], states[2], FloatStep(rule, stateNames, step), step, seed);

    /// <summary>The rule's catalogue reference as a <see cref="ReferenceBFloat16.FloatStep"/> over slots in <paramref name="stateNames"/> order.</summary>
    public static ReferenceBFloat16.FloatStep FloatStep(RuleSetup rule, IReadOnlyList<string> stateNames, long step) =>
        (p, g, s0, s1, s2) =>
        {
            float[][] buffers = [s0.ToArray(), s1.ToArray(), s2.ToArray()];
            rule.Reference(new ReferenceStepData(p, g, new ReferenceStates(stateNames, [.. buffers.Take(stateNames.Count).Select(b => new Memory<float>(b))]), step, rule.LearningRate));
            buffers[0].CopyTo(s0);
            buffers[1].CopyTo(s1);
            buffers[2].CopyTo(s2);
        };
}
