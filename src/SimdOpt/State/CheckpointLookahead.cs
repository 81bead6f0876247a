using SimdOpt.Optimizers;

namespace SimdOpt.State;

/// <summary>
/// The optional <c>lookahead</c> member of a <see cref="CheckpointHeader"/>: a <see cref="Lookahead"/>'s settings
/// (<c>sync_period</c>, <c>alpha</c>); its slow weights are the float32 block after the average's (or after the state
/// blocks without an average).
/// </summary>
internal sealed record CheckpointLookahead
{
    private const string Where = "lookahead";

    public required long SyncPeriod { get; init; }

    public required double Alpha { get; init; }

    public static CheckpointLookahead From(Lookahead lookahead) => new() { SyncPeriod = lookahead.SyncPeriod, Alpha = lookahead.Alpha };

    /// <summary>Throws a <see cref="StateFileFormatException"/> for what the JSON types cannot say: an alpha beyond the double range.</summary>
    public void Check() => Finite.Check(Where, "alpha", Alpha);

    /// <summary>Adds a line to <paramref name="differences"/> for every setting the target does not share.</summary>
    public void Compare(Lookahead target, List<string> differences)
    {
        if (SyncPeriod != target.SyncPeriod)
        {
            differences.Add($"{Where}: sync_period is {SyncPeriod} in the checkpoint, {target.SyncPeriod} in the target");
        }

        if (BitConverter.DoubleToInt64Bits(Alpha) != BitConverter.DoubleToInt64Bits(target.Alpha))
        {
            differences.Add($"{Where}: alpha is {Alpha:R} in the checkpoint, {target.Alpha:R} in the target");
        }
    }
}
