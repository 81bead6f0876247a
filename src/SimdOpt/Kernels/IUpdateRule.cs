namespace SimdOpt.Kernels;

/// <summary>
/// An optimizer's per-element update for one step: the step's scalars are fields of the implementing struct. For each
/// lane width, <see cref="UpdateLoop"/> asks the rule for its <see cref="ILaneRule{TLane}"/> (<see cref="RunWidth"/>): the
/// same scalars broadcast to that width once, before the width's loop, instead of once per group inside it. The loop
/// loads the parameter, the gradient and the first <see cref="StateCount"/> state slots, applies <see cref="Transform"/>
/// to the gradient, calls <see cref="ILaneRule{TLane}.Apply"/>, and stores them back.
/// </summary>
internal interface IUpdateRule
{
    /// <summary>Number of state buffers the rule reads and writes (0 to 3).</summary>
    static abstract int StateCount { get; }

    /// <summary>The maximize / L2 transform the loop applies to the gradient before the rule.</summary>
    GradientTransform Transform { get; }

    /// <summary>
    /// Runs <typeparamref name="TLoop"/> (the full groups of one width from <paramref name="index"/> on) with this rule's
    /// scalars broadcast to <typeparamref name="TLane"/> and its <see cref="Transform"/>; the other arguments are passed through.
    /// The lanes' constructor is forced inline: called out of line, it made the JIT zero and copy every width's lanes through
    /// memory on each call (on a 30-element buffer, where all four widths run, Adam's step took 0.15 µs more).
    /// </summary>
    /// <returns>What <see cref="IWidthLoop{TLane}.Run"/> returns: the index after the last group it processed.</returns>
    nuint RunWidth<TLane, TLoop>(ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLane : struct, ILane<TLane>
        where TLoop : struct, IWidthLoop<TLane>;
}

/// <summary>An <see cref="IUpdateRule"/> at one lane width: its scalars already broadcast to <typeparamref name="TLane"/>.</summary>
/// <typeparam name="TLane">The lane width.</typeparam>
internal interface ILaneRule<TLane>
    where TLane : struct, ILane<TLane>
{
    /// <summary>Updates one lane group; <paramref name="gradient"/> is already transformed.</summary>
    void Apply(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2);
}

/// <summary>
/// The loop over the full groups of one lane width, given the rule at that width (a type: its choices are compile-time
/// ones, and no instance holding references is built per call).
/// </summary>
/// <typeparam name="TLane">The lane width.</typeparam>
internal interface IWidthLoop<TLane>
    where TLane : struct, ILane<TLane>
{
    /// <summary>
    /// Applies <paramref name="transform"/> and <paramref name="rule"/> to every full group of the width from
    /// <paramref name="index"/> up to <paramref name="length"/> elements; returns the index after the last group.
    /// </summary>
    static abstract nuint Run<TLaneRule>(in TLaneRule rule, GradientTransform transform, ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLaneRule : struct, ILaneRule<TLane>;
}
