namespace SimdOpt.Threading;

/// <summary>
/// A prepared step that <see cref="StepWorkers"/> can split into chunks: each element's update depends on that element
/// alone, so any split gives the same bits.
/// </summary>
internal interface IChunkedStep
{
    /// <summary>Chunks start at multiples of this many elements (such as the blocks of 8-bit state).</summary>
    int RangeAlignment { get; }

    /// <summary>Applies the step to elements <c>[start, start + length)</c> of buffers the caller has validated.</summary>
    void ApplyValidated(Span<float> parameters, ReadOnlySpan<float> gradients, int start, int length);
}
