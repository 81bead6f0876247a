using System.Globalization;

namespace SimdOpt.Cli.Runs;

/// <summary>
/// The limits on the network a command builds, checked before anything is trained or loaded into it: the time of an
/// epoch and of the decision-boundary plot (38,400 grid points) grows with the parameter count, and the training
/// workspaces with the batch times the layer widths.
/// </summary>
internal static class NetworkSize
{
    /// <summary>The most parameters (weights and biases): 100,000, about 4 G multiply-adds for one decision-boundary plot.</summary>
    public const long MaxParameters = 100_000;

    /// <summary>The most activations of one batch (batch size times the sum of the layer widths): 2^25, 128 MiB per workspace.</summary>
    public const long MaxBatchActivations = 1L << 25;

    /// <summary>Weights and biases of a dense network with these layer widths (inputs first).</summary>
    public static long Parameters(IReadOnlyList<int> layerSizes)
    {
        long count = 0;
        for (var l = 1; l < layerSizes.Count; l++)
        {
            count += ((long)layerSizes[l - 1] * layerSizes[l]) + layerSizes[l];
        }

        return count;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> with a one-line message when the network or its batches exceed the limits.</summary>
    /// <param name="layerSizes">The layer widths, inputs first.</param>
    /// <param name="batch">The examples one workspace holds (the batch size, at most the data set's size).</param>
    public static void Check(IReadOnlyList<int> layerSizes, long batch)
    {
        var shape = string.Join('-', layerSizes);
        var parameters = Parameters(layerSizes);
        if (parameters > MaxParameters)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The network {shape} has {parameters:N0} parameters; at most {MaxParameters:N0} are allowed (make --hidden narrower)."));
        }

        var activations = batch * layerSizes.Skip(1).Sum(w => (long)w);
        if (activations > MaxBatchActivations)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"A batch of {batch:N0} examples through the network {shape} holds {activations:N0} activations; at most {MaxBatchActivations:N0} are allowed (make --batch-size smaller)."));
        }
    }
}
