namespace SimdOpt.Kernels;

/// <summary>
/// What stochastic rounding hashes besides the element: the buffer index of the run's first element and each slot's
/// key of the step (the element's random bits are <c>LowBias32((FirstIndex + i) ^ key)</c>, with uint wrap-around).
/// </summary>
internal readonly record struct RoundingKeys(uint FirstIndex, uint Slot0, uint Slot1, uint Slot2);
