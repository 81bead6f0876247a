namespace SimdOpt.Kernels;

/// <summary>
/// One hyperparameter set's prepared step: its scalars at step t and the choices (AMSGrad, Nesterov, a rectified step,
/// ...) that pick its <see cref="IUpdateRule"/>. The optimizer turns the set's subnormal flush and the state's encoding into
/// the compile-time types <c>TFlush</c> and <c>TStorage</c> once, in one place, and calls <see cref="Run{TFlush, TStorage}"/>
/// for each run of the set.
/// </summary>
internal interface IGroupUpdate
{
    /// <summary>Runs the chosen rule through <see cref="UpdateLoop"/> over equally long, non-overlapping slices and state.</summary>
    /// <typeparam name="TFlush">On when the set flushes subnormals.</typeparam>
    /// <typeparam name="TStorage">How the state is stored: matches <paramref name="state"/>'s <see cref="StateStreams.Encoding"/>.</typeparam>
    void Run<TFlush, TStorage>(Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
        where TStorage : struct, IStateStorage;
}
