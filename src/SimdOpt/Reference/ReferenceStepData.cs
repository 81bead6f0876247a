namespace SimdOpt.Reference;

/// <summary>What one reference step reads and updates: the buffers, the step number and the learning rate.</summary>
/// <param name="parameters">The parameters, updated in place.</param>
/// <param name="gradients">The gradients of this step.</param>
/// <param name="states">The state buffers by name, updated in place.</param>
/// <param name="step">The step number t, from 1.</param>
/// <param name="learningRate">The base learning rate of this step.</param>
public readonly ref struct ReferenceStepData(Span<float> parameters, ReadOnlySpan<float> gradients, ReferenceStates states, long step, double learningRate)
{
    /// <summary>The parameters, updated in place.</summary>
    public Span<float> Parameters { get; } = parameters;

    /// <summary>The gradients of this step.</summary>
    public ReadOnlySpan<float> Gradients { get; } = gradients;

    /// <summary>The state buffers by name.</summary>
    public ReferenceStates States { get; } = states;

    /// <summary>The step number t, from 1.</summary>
    public long Step { get; } = step;

    /// <summary>The base learning rate of this step.</summary>
    public double LearningRate { get; } = learningRate;
}

/// <summary>The reference step of one rule, in the one shape the catalogue uses: options, then the step's data.</summary>
/// <typeparam name="TOptions">The rule's options.</typeparam>
/// <param name="options">The hyperparameters.</param>
/// <param name="step">The buffers, step number and learning rate.</param>
public delegate void ReferenceRule<in TOptions>(TOptions options, ReferenceStepData step);
