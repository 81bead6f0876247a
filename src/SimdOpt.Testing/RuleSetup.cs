using SimdOpt.Catalog;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Reference;

namespace SimdOpt.Testing;

/// <summary>A rule with concrete hyperparameters: how to build the SimdOpt optimizer and how to run its reference.</summary>
/// <param name="Rule">The rule's registration in <see cref="RuleCatalog"/>.</param>
/// <param name="Options">The hyperparameters (an <see cref="SgdOptions"/>, <see cref="AdamOptions"/>, ...), for building an implementation under test with the same settings.</param>
/// <param name="LearningRate">The base learning rate.</param>
public sealed record RuleSetup(RuleRegistration Rule, OptimizerOptions Options, double LearningRate)
{
    /// <summary>A description: the options record's text.</summary>
    public string Name => Options.ToString();

    /// <summary>Builds the SimdOpt optimizer for <paramref name="layout"/> at <paramref name="learningRate"/>.</summary>
    public Optimizer Create(ParameterLayout layout, double learningRate) => Rule.Create(layout, learningRate, Options);

    /// <summary>Runs the rule's scalar reference for one step.</summary>
    public void Reference(ReferenceStepData step) => Rule.ReferenceStep(Options, step);

    /// <summary>The name and learning rate, as FsCheck prints a counterexample.</summary>
    public override string ToString() => $"{Name} lr={LearningRate:R}";
}
