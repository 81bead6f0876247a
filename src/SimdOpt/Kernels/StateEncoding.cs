namespace SimdOpt.Kernels;

/// <summary>How the state slots a step's <see cref="StateStreams"/> point at are stored (one <see cref="IStateStorage"/> each).</summary>
internal enum StateEncoding
{
    /// <summary>float32 elements (<see cref="Float32Storage"/>).</summary>
    Float32,

    /// <summary>bfloat16 elements rounded to nearest, ties to even (<see cref="BFloat16NearestEvenStorage"/>).</summary>
    BFloat16NearestEven,

    /// <summary>bfloat16 elements rounded stochastically (<see cref="BFloat16StochasticStorage"/>).</summary>
    BFloat16Stochastic,

    /// <summary>
    /// 8-bit block-wise codes and scales (<see cref="Precision.Blockwise8BitState"/>, in <see cref="StateStreams.Blocks"/>):
    /// <see cref="UpdateLoop"/> hands the run to <see cref="Blockwise8BitStep"/>, which steps each block over float32 in L1.
    /// </summary>
    Blockwise8Bit,
}
