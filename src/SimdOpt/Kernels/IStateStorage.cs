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
}
