namespace SimdOpt.Catalog;

/// <summary>What values a hyperparameter takes, so that tests can draw valid ones and tools can describe it.</summary>
public enum HyperparameterKind
{
    /// <summary>A decay rate in [0, 1) such as a beta or RMSProp's alpha (property tests draw 0, 0.5, 0.9, 0.99, 0.999 and random values).</summary>
    Decay,

    /// <summary>0 (off) or a decay rate in (0, 1), such as a momentum that adds a state buffer when it is not 0.</summary>
    OffOrDecay,

    /// <summary>A positive constant added to a denominator (tests draw 1e-8, 1e-10, 1e-3, 0.5).</summary>
    Epsilon,

    /// <summary>A weight-decay coefficient in [0, +inf) (tests draw 0, 1e-2, 1e-4, 0.5).</summary>
    WeightDecay,

    /// <summary>A switch, 0 (false) or 1 (true).</summary>
    Flag,

    /// <summary>One of the values listed in <see cref="Hyperparameter.Choices"/>.</summary>
    Choice,
}
