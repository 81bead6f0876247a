using SimdOpt.Training.Data;

namespace SimdOpt.Training.Network;

/// <summary>Predictions of a trained <see cref="DenseNetwork"/>: probabilities and training accuracy.</summary>
public static class Prediction
{
    private const int ChunkSize = 1024;

    /// <summary>The values of one workspace of a prediction chunk: at most 1 Mi (4 MiB), so a wide network predicts in smaller chunks instead of allocating chunk × width.</summary>
    private const int ChunkValues = 1 << 20;

    /// <summary>The output probability of every example.</summary>
    /// <param name="network">The network.</param>
    /// <param name="inputs">The (inputs, count) matrix of examples, row-major.</param>
    /// <param name="count">The number of examples.</param>
    /// <param name="probabilities">Receives <paramref name="count"/> probabilities.</param>
    public static void Probabilities(DenseNetwork network, ReadOnlySpan<float> inputs, int count, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var features = network.InputSize;
        if (inputs.Length != features * count || probabilities.Length != count)
        {
            throw new ArgumentException($"{count} examples need {features * count} inputs and {count} outputs, got {inputs.Length} and {probabilities.Length}.", nameof(inputs));
        }

        if (count == 0)
        {
            return;
        }

        var widest = 1;
        foreach (var width in network.LayerSizes)
        {
            widest = Math.Max(widest, width);
        }

        var propagation = new Propagation(network, Math.Min(count, Math.Clamp(ChunkValues / widest, 1, ChunkSize)));
        var chunk = new float[features * propagation.Capacity];
        for (var start = 0; start < count; start += propagation.Capacity)
        {
            var m = Math.Min(propagation.Capacity, count - start);
            for (var f = 0; f < features; f++)
            {
                inputs.Slice((f * count) + start, m).CopyTo(chunk.AsSpan(f * m, m));
            }

            propagation.Forward(chunk.AsSpan(0, features * m), m).CopyTo(probabilities.Slice(start, m));
        }
    }

    /// <summary>The share of examples whose prediction <c>probability &gt; 0.5</c> equals the label, as the course measures accuracy.</summary>
    /// <param name="network">The network.</param>
    /// <param name="data">The examples.</param>
    /// <returns>The accuracy in [0, 1].</returns>
    public static double Accuracy(DenseNetwork network, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var probabilities = new float[data.Count];
        Probabilities(network, data.Features, data.Count, probabilities);
        var correct = 0;
        for (var j = 0; j < data.Count; j++)
        {
            if ((probabilities[j] > 0.5f ? 1f : 0f) == data.Labels[j])
            {
                correct++;
            }
        }

        return (double)correct / data.Count;
    }
}
