namespace SimdOpt.Optimizers;

/// <summary>Whether a step changed anything.</summary>
public enum StepOutcome
{
    /// <summary>Parameters and state were updated and <see cref="Optimizer.StepCount"/> advanced.</summary>
    Applied,

    /// <summary>A non-finite gradient was found under <see cref="NonFiniteGradientPolicy.Skip"/>; nothing changed.</summary>
    Skipped,
}
