namespace SimdOpt.Kernels;

/// <summary>
/// How a rule's state slots are stored in memory: <see cref="UpdateLoop"/> reads each slot's lane group through
/// <see cref="Load{TLane}"/> as float32, runs the rule in float32, and writes the new values through
/// <see cref="Store{TLane}"/>, all in the one pass. The implementations are empty structs, so the choice is a
/// compile-time one and the float32 form compiles to plain vector loads and stores.
/// </summary>
internal interface IStateStorage
{
    /// <summary>The float32 values of elements <c>[index, index + TLane.Count)</c> of the slot starting at <paramref name="origin"/>.</summary>
    static abstract TLane Load<TLane>(ref byte origin, nuint index)
        where TLane : struct, ILane<TLane>;

    /// <summary>
    /// Stores <paramref name="value"/> as elements <c>[index, index + TLane.Count)</c> of the slot starting at
    /// <paramref name="origin"/>; <paramref name="elementIndex"/> is the buffer index of the first of them and
    /// <paramref name="key"/> the slot's key of this step (both used by stochastic rounding only).
    /// </summary>
    static abstract void Store<TLane>(TLane value, ref byte origin, nuint index, uint elementIndex, uint key)
        where TLane : struct, ILane<TLane>;

    /// <summary>
    /// True for a storage that steps a whole run itself, block by block (<see cref="RunBlocks"/>), instead of through
    /// <see cref="Load{TLane}"/> and <see cref="Store{TLane}"/> per lane group; a compile-time constant per storage.
    /// </summary>
    static virtual bool RunsBlocks => false;

    /// <summary>
    /// Steps the run <paramref name="state"/>'s <see cref="StateStreams.Blocks"/> describes with <paramref name="rule"/>
    /// (called by <see cref="UpdateLoop"/> only when <see cref="RunsBlocks"/> is true), at widths up to <paramref name="widest"/>.
    /// </summary>
    static virtual void RunBlocks<TRule, TAverage, TDivide, TMaximize, TDecay>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state, LaneWidth widest)
        where TRule : struct, IUpdateRule
        where TAverage : struct, IAverageUpdate
        where TDivide : struct, IFlag
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag =>
        throw new NotSupportedException("This state storage is stepped per lane group, not block by block.");
}
