namespace SimdOpt.Cli.Runs;

/// <summary>One training run to make: an optimizer, and why its settings differ from the course's (if they do).</summary>
/// <param name="Optimizer">The optimizer and its hyperparameters.</param>
/// <param name="Note">Why a setting departs from the course's, or null.</param>
internal sealed record RunPlan(OptimizerSettings Optimizer, string? Note = null)
{
    /// <summary>The optimizer's readable title.</summary>
    public string Title => OptimizerCatalog.Title(Optimizer.Name);
}
