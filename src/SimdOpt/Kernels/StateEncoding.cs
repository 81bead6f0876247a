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
    /// 8-bit block-wise codes and scales (in <see cref="StateStreams.Blocks"/>), whose storage steps each run block by
    /// block (<see cref="IStateStorage.RunBlocks"/>).
    /// </summary>
    Blockwise8Bit,
}
