namespace SimdOpt.Optimizers;

/// <summary>Which point a <see cref="ScheduleFreeAdamW"/> parameter buffer holds.</summary>
public enum ScheduleFreeMode
{
    /// <summary>y, the point where gradients are taken; <see cref="Optimizer.Step(Span{float}, ReadOnlySpan{float})"/> needs it.</summary>
    Train,

    /// <summary>x, the weighted average of the iterates: the point to evaluate, test and ship.</summary>
    Eval,
}
