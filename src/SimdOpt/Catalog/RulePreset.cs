using SimdOpt.Optimizers;

namespace SimdOpt.Catalog;

/// <summary>A named configuration of a rule, as the command line offers it (<c>adamw</c> is Adam with <see cref="AdamOptions.AdamW"/>).</summary>
/// <param name="CliName">The command-line name, lower-case with dashes (<c>sgd-momentum</c>); unique across the catalogue.</param>
/// <param name="Title">A readable title for tables and plots (<c>Momentum (PyTorch form)</c>).</param>
/// <param name="Options">The configuration: the options record with its defaults and the preset's settings.</param>
public sealed record RulePreset(string CliName, string Title, OptimizerOptions Options);
