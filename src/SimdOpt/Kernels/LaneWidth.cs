namespace SimdOpt.Kernels;

/// <summary>The widths a kernel runs at, narrowest first, so <c>width &gt;= LaneWidth.Vector256</c> reads "256 bits or wider".</summary>
internal enum LaneWidth
{
    /// <summary>One float at a time.</summary>
    Scalar,

    /// <summary>Vector128.</summary>
    Vector128,

    /// <summary>Vector256.</summary>
    Vector256,

    /// <summary>Vector512.</summary>
    Vector512,
}
