using SimdOpt.Training.Network;

namespace SimdOpt.DataParallel;

/// <summary>
/// One rank's contribution to a mini-batch step: forward and backward over its part of the batch, with the output
/// error divided by the whole batch's size, so the parts' gradients summed over the ranks are the batch's mean
/// gradient. A rank whose part is empty contributes zeros.
/// </summary>
public sealed class PartGradients
{
    private readonly DenseNetwork _network;
    private readonly BatchParts _parts;
    private readonly Propagation _propagation;

    /// <summary>Prepares the workspaces for the parts of <paramref name="parts"/>.</summary>
    public PartGradients(DenseNetwork network, BatchParts parts)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(parts);
        _network = network;
        _parts = parts;
        _propagation = new Propagation(network, parts.PartCapacity);
    }

    /// <summary>Writes part <paramref name="part"/>'s gradient of batch <paramref name="batch"/> into the network's gradients.</summary>
    /// <returns>The part's summed cost (binary cross-entropy, not divided).</returns>
    public double Compute(int batch, int part)
    {
        var count = _parts.Gather(batch, part, out var batchSize, out var inputs, out var labels);
        if (count == 0)
        {
            _network.Gradients.Span.Clear();
            return 0;
        }

        _propagation.Forward(inputs, count);
        var cost = _propagation.CostSum(labels);
        _propagation.Backward(inputs, labels, meanOver: batchSize);
        return cost;
    }
}
