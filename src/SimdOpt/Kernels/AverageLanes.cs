namespace SimdOpt.Kernels;

/// <summary>The scalars of an <see cref="AverageUpdate"/> broadcast to one lane width, once before the width's loop.</summary>
/// <typeparam name="TLane">The lane width.</typeparam>
internal readonly struct AverageLanes<TLane>(AverageUpdate update)
    where TLane : struct, ILane<TLane>
{
    /// <summary>The exponential average's weight of the old average.</summary>
    public readonly TLane Keep = TLane.Create(update.Keep);

    /// <summary>The exponential average's weight of the new parameter.</summary>
    public readonly TLane Take = TLane.Create(update.Take);

    /// <summary>The equal-weight average's divisor.</summary>
    public readonly TLane Divisor = TLane.Create(update.Divisor);
}
