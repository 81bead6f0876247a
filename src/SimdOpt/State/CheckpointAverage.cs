using SimdOpt.Averaging;

namespace SimdOpt.State;

/// <summary>
/// The optional <c>average</c> member of a <see cref="CheckpointHeader"/>: a <see cref="WeightAverage"/>'s settings and
/// update count (<c>equal_weight</c>, <c>decay</c>, <c>warm_up</c>, <c>count</c>); its buffer is the float32 block after
/// the state blocks.
/// </summary>
internal sealed record CheckpointAverage
{
    private const string Where = "average";

    public required bool EqualWeight { get; init; }

    public required double Decay { get; init; }

    public required bool WarmUp { get; init; }

    public required long Count { get; init; }

    public static CheckpointAverage From(WeightAverage average) => new()
    {
        EqualWeight = average.IsEqualWeight,
        Decay = average.Decay,
        WarmUp = average.WarmUp,
        Count = average.Count,
    };

    /// <summary>Throws a <see cref="StateFileFormatException"/> for what the JSON types cannot say: a negative count, a decay beyond the double range.</summary>
    public void Check()
    {
        Finite.Check(Where, "decay", Decay);
        if (Count < 0)
        {
            throw new StateFileFormatException($"{Where}.count is negative ({Count}).");
        }
    }

    /// <summary>Adds a line to <paramref name="differences"/> for every setting the target does not share.</summary>
    public void Compare(WeightAverage target, List<string> differences)
    {
        if (EqualWeight != target.IsEqualWeight)
        {
            differences.Add($"{Where}: the checkpoint's is {Kind(EqualWeight)}, the target's {Kind(target.IsEqualWeight)}");
        }

        if (BitConverter.DoubleToInt64Bits(Decay) != BitConverter.DoubleToInt64Bits(target.Decay))
        {
            differences.Add($"{Where}: decay is {Decay:R} in the checkpoint, {target.Decay:R} in the target");
        }

        if (WarmUp != target.WarmUp)
        {
            differences.Add($"{Where}: warm_up is {WarmUp} in the checkpoint, {target.WarmUp} in the target");
        }
    }

    private static string Kind(bool equal) => equal ? "an equal-weight average" : "an exponential average";
}
