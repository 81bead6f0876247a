namespace SimdOpt.Kernels;

/// <summary>
/// Where a run over state that its <see cref="IStateStorage"/> steps block by block (<see cref="IStateStorage.RunBlocks"/>)
/// begins: the object holding that state (the storage knows its type) and the buffer index of the run's first element.
/// </summary>
/// <param name="State">The state of every slot, as the storage type reads it.</param>
/// <param name="Start">The buffer index of the run's first element.</param>
internal readonly record struct BlockRun(object State, int Start);
