using SimdOpt.Precision;

namespace SimdOpt.Kernels;

/// <summary>Where a run over 8-bit state begins: the optimizer's <see cref="Blockwise8BitState"/> and the buffer index of the run's first element.</summary>
/// <param name="State">The codes, scales and float32 pieces of every slot.</param>
/// <param name="Start">The buffer index of the run's first element.</param>
internal readonly record struct Blockwise8BitRun(Blockwise8BitState State, int Start);
