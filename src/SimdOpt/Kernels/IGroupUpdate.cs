namespace SimdOpt.Kernels;

/// <summary>
/// One hyperparameter set's prepared step: its scalars at step t and the choices (AMSGrad, Nesterov, a rectified step,
/// ...) that pick its <see cref="IUpdateRule"/>. The optimizer turns the set's subnormal flush into
/// the compile-time flag <c>TFlush</c> once, in one place, and calls <see cref="Run{TFlush}"/> for each run of the set.
/// </summary>
internal interface IGroupUpdate
{
    /// <summary>Runs the chosen rule through <see cref="UpdateLoop"/> over equally long, non-overlapping slices.</summary>
    /// <typeparam name="TFlush">On when the set flushes subnormals.</typeparam>
    void Run<TFlush>(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state0, Span<float> state1, Span<float> state2)
        where TFlush : struct, IFlag;
}
