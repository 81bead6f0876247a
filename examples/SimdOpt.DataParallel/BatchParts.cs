using SimdOpt.Training.Data;
using SimdOpt.Training.Random;

namespace SimdOpt.DataParallel;

/// <summary>
/// The course's shuffled mini-batches (per epoch <c>np.random.seed(seed); perm = np.random.permutation(m)</c>, then
/// consecutive slices of <see cref="BatchSize"/>), each cut into <see cref="PartCount"/> consecutive parts, one per
/// rank: part r of a batch of M examples holds its examples <c>[r * ceil(M / N), min((r + 1) * ceil(M / N), M))</c>.
/// Gathering allocates nothing.
/// </summary>
public sealed class BatchParts
{
    private readonly Dataset _data;
    private readonly NumpyLegacyRandom _random = new(0);
    private readonly int[] _order;
    private readonly float[] _inputs;
    private readonly float[] _labels;

    /// <summary>Prepares the batches of <paramref name="data"/>.</summary>
    public BatchParts(Dataset data, int batchSize, int partCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partCount);
        _data = data;
        BatchSize = Math.Min(batchSize, data.Count);
        PartCount = partCount;
        _order = new int[data.Count];
        _inputs = new float[data.FeatureCount * BatchSize];
        _labels = new float[BatchSize];
    }

    /// <summary>The size of every full batch.</summary>
    public int BatchSize { get; }

    /// <summary>The number of parts (ranks) each batch is cut into.</summary>
    public int PartCount { get; }

    /// <summary>The number of batches per epoch.</summary>
    public int Count => (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>The largest part.</summary>
    public int PartCapacity => (BatchSize + PartCount - 1) / PartCount;

    /// <summary>Draws the epoch's order from a fresh generator seeded with <paramref name="seed"/>.</summary>
    public void Shuffle(uint seed)
    {
        _random.Seed(seed);
        _random.Permutation(_order);
    }

    /// <summary>Gathers part <paramref name="part"/> of batch <paramref name="batch"/> as an (features, count) matrix.</summary>
    /// <returns>The number of examples in the part (0 for a part past the end of a short batch).</returns>
    public int Gather(int batch, int part, out int batchSize, out ReadOnlySpan<float> inputs, out ReadOnlySpan<float> labels)
    {
        var start = batch * BatchSize;
        batchSize = Math.Min(BatchSize, _data.Count - start);
        var per = (batchSize + PartCount - 1) / PartCount;
        var from = Math.Min(part * per, batchSize);
        var count = Math.Min(per, batchSize - from);
        var all = _data.Count;
        for (var f = 0; f < _data.FeatureCount; f++)
        {
            var source = _data.Features.Slice(f * all, all);
            var destination = _inputs.AsSpan(f * count, count);
            for (var k = 0; k < count; k++)
            {
                destination[k] = source[_order[start + from + k]];
            }
        }

        for (var k = 0; k < count; k++)
        {
            _labels[k] = _data.Labels[_order[start + from + k]];
        }

        inputs = _inputs.AsSpan(0, _data.FeatureCount * count);
        labels = _labels.AsSpan(0, count);
        return count;
    }
}
