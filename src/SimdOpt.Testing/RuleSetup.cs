using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Testing;

/// <summary>
/// The reference step of one rule: updates <paramref name="parameters"/> and the state slots in place for
/// step <paramref name="step"/> (from 1) at <paramref name="learningRate"/>. The slots follow the order of the
/// optimizer's <see cref="Optimizer.StateNames"/>; unused slots are empty spans.
/// </summary>
/// <param name="parameters">The parameters, updated in place.</param>
/// <param name="gradients">The gradients of this step.</param>
/// <param name="state0">State slot 0 (or empty).</param>
/// <param name="state1">State slot 1 (or empty).</param>
/// <param name="state2">State slot 2 (or empty).</param>
/// <param name="step">The step number, from 1.</param>
/// <param name="learningRate">The base learning rate of this step.</param>
public delegate void ReferenceStep(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state0, Span<float> state1, Span<float> state2, long step, double learningRate);

/// <summary>A rule with concrete hyperparameters: how to build the SimdOpt optimizer and how to run its reference.</summary>
/// <param name="Name">A description (the options record's text).</param>
/// <param name="Options">The hyperparameters (an <see cref="SgdOptions"/>, <see cref="AdamOptions"/>, ...), for building an implementation under test with the same settings.</param>
/// <param name="LearningRate">The base learning rate.</param>
/// <param name="Create">Builds the optimizer for a layout and a learning rate.</param>
/// <param name="Reference">The scalar reference step of the same rule and options.</param>
public sealed record RuleSetup(string Name, OptimizerOptions Options, double LearningRate, Func<ParameterLayout, double, Optimizer> Create, ReferenceStep Reference)
{
    /// <summary>The name and learning rate, as FsCheck prints a counterexample.</summary>
    public override string ToString() => $"{Name} lr={LearningRate:R}";
}
