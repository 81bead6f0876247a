namespace SimdOpt.Optimizers;

/// <summary>What a step does when a gradient element is NaN or infinite.</summary>
public enum NonFiniteGradientPolicy
{
    /// <summary>Apply the update anyway; NaN and infinities flow into parameters and state (PyTorch's behaviour). Costs nothing.</summary>
    Propagate,

    /// <summary>Change nothing, not even <see cref="Optimizer.StepCount"/>; the step returns <see cref="StepOutcome.Skipped"/>. Costs one extra read of the gradients.</summary>
    Skip,

    /// <summary>Throw <see cref="NonFiniteGradientException"/> before anything is written. Costs one extra read of the gradients.</summary>
    Throw,
}
