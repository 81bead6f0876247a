using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SimdOpt.Parameters;
using SimdOpt.Training.Data;
using SimdOpt.Training.Network;
using SimdOpt.Training.Random;

namespace SimdOpt.Training.Loop;

/// <summary>
/// The course's mini-batches: per epoch <c>np.random.seed(seed); perm = np.random.permutation(m)</c>, then
/// consecutive slices of the permuted examples (the last one smaller when the size does not divide m),
/// gathered into pre-allocated buffers.
/// </summary>
internal sealed class MiniBatches
{
    private readonly Dataset _data;
    private readonly NumpyLegacyRandom _random = new(0);
    private readonly SeededStates _seeds = new();
    private readonly int[] _order;
    private readonly ArraySegment<float> _inputs;
    private readonly ArraySegment<float> _labels;

    public MiniBatches(Dataset data, int batchSize)
    {
        _data = data;
        BatchSize = Math.Min(batchSize, data.Count);
        _order = new int[data.Count];
        _inputs = AlignedFloats.Allocate(data.FeatureCount * BatchSize);
        _labels = AlignedFloats.Allocate(BatchSize);
    }

    /// <summary>The size of every full batch.</summary>
    public int BatchSize { get; }

    /// <summary>The number of batches per epoch.</summary>
    public int Count => (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>Draws the epoch's order from a fresh generator seeded with <paramref name="seed"/>.</summary>
    public void Shuffle(uint seed)
    {
        _random.Seed(_seeds, seed);
        _random.Permutation(_order);
    }

    /// <summary>Gathers batch <paramref name="index"/> of the current order; returns its size m.</summary>
    public int Gather(int index, out ReadOnlySpan<float> inputs, out ReadOnlySpan<float> labels)
    {
        var start = index * BatchSize;
        var m = Math.Min(BatchSize, _data.Count - start);
        var count = _data.Count;
        var order = _order.AsSpan(start, m);
        for (var f = 0; f < _data.FeatureCount; f++)
        {
            GatherRow(_data.Features.Slice(f * count, count), order, _inputs.AsSpan(f * m, m));
        }

        var batchLabels = _labels.AsSpan(0, m);
        GatherRow(_data.Labels, order, batchLabels);
        inputs = _inputs.AsSpan(0, _data.FeatureCount * m);
        labels = batchLabels;
        return m;
    }

    /// <summary>
    /// <c>destination[k] = source[order[k]]</c>, eight at a time with the AVX2 gather where the processor has it (a copy:
    /// the same bits either way). Every index of <paramref name="order"/> is an index of <paramref name="source"/>: the
    /// order is a permutation of the examples.
    /// </summary>
    private static unsafe void GatherRow(ReadOnlySpan<float> source, ReadOnlySpan<int> order, Span<float> destination)
    {
        var k = 0;
        if (Avx2.IsSupported)
        {
            ref var orderOrigin = ref MemoryMarshal.GetReference(order);
            ref var destinationOrigin = ref MemoryMarshal.GetReference(destination);
            fixed (float* origin = source)
            {
                for (; k + Vector256<int>.Count <= order.Length; k += Vector256<int>.Count)
                {
                    Avx2.GatherVector256(origin, Vector256.LoadUnsafe(ref orderOrigin, (nuint)k), sizeof(float)).StoreUnsafe(ref destinationOrigin, (nuint)k);
                }
            }
        }

        for (; k < order.Length; k++)
        {
            destination[k] = source[order[k]];
        }
    }
}
