namespace SimdOpt.Distributed.Sharding;

/// <summary>
/// How a buffer of <see cref="TotalLength"/> floats is cut into <see cref="RankCount"/> contiguous shares, one per
/// rank in rank order. Every share but the last has the same length, a multiple of <see cref="Alignment"/> floats
/// (64 bytes), so every share of a 64-byte-aligned buffer starts 64-byte aligned; the last share takes the rest
/// and may be shorter or empty. Share <c>r</c> is <c>[Start(r), Start(r) + Length(r))</c>.
/// </summary>
public sealed class ShardPlan : IEquatable<ShardPlan>
{
    /// <summary>Share lengths are multiples of this many floats (64 bytes).</summary>
    public const int Alignment = 16;

    private readonly int[] _starts;
    private readonly int[] _lengths;

    /// <summary>Cuts <paramref name="totalLength"/> floats into <paramref name="rankCount"/> shares.</summary>
    /// <param name="totalLength">The buffer's length, at least 0.</param>
    /// <param name="rankCount">The number of ranks, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative length or fewer than one rank.</exception>
    public ShardPlan(int totalLength, int rankCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rankCount);
        TotalLength = totalLength;
        RankCount = rankCount;
        var perRank = (long)totalLength / rankCount;
        var aligned = (perRank + ((long)totalLength % rankCount == 0 ? 0 : 1) + Alignment - 1) / Alignment * Alignment;
        ShareLength = (int)Math.Min(aligned, totalLength);
        _starts = new int[rankCount];
        _lengths = new int[rankCount];
        for (var r = 0; r < rankCount; r++)
        {
            var start = Math.Min((long)r * ShareLength, totalLength);
            var end = Math.Min(start + ShareLength, totalLength);
            _starts[r] = (int)start;
            _lengths[r] = (int)(end - start);
        }
    }

    /// <summary>The buffer's length in floats.</summary>
    public int TotalLength { get; }

    /// <summary>The number of ranks (and shares).</summary>
    public int RankCount { get; }

    /// <summary>The length of every share but the last: <c>ceil(TotalLength / RankCount)</c> rounded up to a multiple of <see cref="Alignment"/> (at most <see cref="TotalLength"/>).</summary>
    public int ShareLength { get; }

    /// <summary>The share starts, in rank order (the displacements of a gather).</summary>
    public ReadOnlySpan<int> Starts => _starts;

    /// <summary>The share lengths, in rank order (the counts of a gather).</summary>
    public ReadOnlySpan<int> Lengths => _lengths;

    /// <summary>The first element of rank <paramref name="rank"/>'s share.</summary>
    public int Start(int rank) => _starts[CheckRank(rank)];

    /// <summary>The number of elements of rank <paramref name="rank"/>'s share (0 for a rank past the end).</summary>
    public int Length(int rank) => _lengths[CheckRank(rank)];

    /// <summary>True when both plans cut the same length into the same number of shares.</summary>
    public bool Equals(ShardPlan? other) => other is not null && other.TotalLength == TotalLength && other.RankCount == RankCount;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ShardPlan);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TotalLength, RankCount);

    /// <inheritdoc />
    public override string ToString() => $"{TotalLength} floats in {RankCount} shares of {ShareLength}";

    private int CheckRank(int rank)
    {
        if ((uint)rank >= (uint)RankCount)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"The plan has ranks 0 to {RankCount - 1}.");
        }

        return rank;
    }
}
