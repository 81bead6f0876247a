using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Tests.Support;

/// <summary>The reference step of one rule over state slots in the optimizer's <see cref="Optimizer.StateNames"/> order.</summary>
public delegate void ReferenceStep(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state0, Span<float> state1, Span<float> state2, long step, double learningRate);

/// <summary>A rule with concrete hyperparameters: how to build the optimizer and how to run its reference.</summary>
public sealed record RuleSetup(string Name, double LearningRate, Func<ParameterLayout, double, Optimizer> Create, ReferenceStep Reference)
{
    public override string ToString() => $"{Name} lr={LearningRate:R}";
}
