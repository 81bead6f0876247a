using SimdOpt.Parameters;

namespace SimdOpt.Training.Network;

/// <summary>
/// Forward and backward passes of a <see cref="DenseNetwork"/> over a batch of up to <see cref="Capacity"/>
/// examples, with every workspace allocated up front (each on a 64-byte boundary, see <see cref="AlignedFloats"/>):
/// after construction no member allocates.
/// Inputs are (inputs, m) matrices whose m columns are the examples, as in the course.
/// </summary>
public sealed class Propagation
{
    private readonly DenseNetwork _network;
    private readonly ArraySegment<float>[] _logits;
    private readonly ArraySegment<float>[] _activations;
    private readonly ArraySegment<float>[] _deltas;
    private int _batchSize;

    /// <summary>Creates the workspaces for batches of up to <paramref name="capacity"/> examples.</summary>
    /// <param name="network">The network to run.</param>
    /// <param name="capacity">The largest batch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive, or times the widest layer exceeds <see cref="Array.MaxLength"/>.</exception>
    public Propagation(DenseNetwork network, int capacity)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        var widest = 0;
        foreach (var width in network.LayerSizes)
        {
            widest = Math.Max(widest, width);
        }

        if ((long)widest * capacity > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"A batch of {capacity} examples through a layer {widest} wide needs more than {Array.MaxLength} values in one workspace.");
        }

        _network = network;
        Capacity = capacity;
        var layers = network.LayerCount;
        _logits = new ArraySegment<float>[layers];
        _activations = new ArraySegment<float>[layers];
        _deltas = new ArraySegment<float>[layers];
        for (var l = 1; l <= layers; l++)
        {
            var size = network.LayerSizes[l] * capacity;
            _logits[l - 1] = AlignedFloats.Allocate(size);
            _activations[l - 1] = AlignedFloats.Allocate(size);
            _deltas[l - 1] = AlignedFloats.Allocate(size);
        }
    }

    /// <summary>The largest batch the workspaces hold.</summary>
    public int Capacity { get; }

    /// <summary>
    /// Runs the forward pass: <c>z_l = W_l a_(l-1) + b_l</c>, ReLU on hidden layers, sigmoid on the output.
    /// </summary>
    /// <param name="inputs">The (inputs, m) batch, row-major.</param>
    /// <param name="batchSize">m, from 1 to <see cref="Capacity"/>.</param>
    /// <returns>The m output probabilities, valid until the next forward pass.</returns>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> inputs, int batchSize)
    {
        if (batchSize <= 0 || batchSize > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"The batch size must be in [1, {Capacity}].");
        }

        if (inputs.Length != _network.InputSize * batchSize)
        {
            throw new ArgumentException($"A batch of {batchSize} examples needs {_network.InputSize * batchSize} inputs, got {inputs.Length}.", nameof(inputs));
        }

        _batchSize = batchSize;
        var parameters = _network.Parameters;
        var previous = inputs;
        var layers = _network.LayerCount;
        for (var l = 1; l <= layers; l++)
        {
            var rows = _network.LayerSizes[l];
            var z = _logits[l - 1].AsSpan(0, rows * batchSize);
            var a = _activations[l - 1].AsSpan(0, rows * batchSize);
            DenseMath.Affine(parameters[_network.Weight(l)], parameters[_network.Bias(l)], previous, z, rows, _network.LayerSizes[l - 1], batchSize);
            if (l < layers)
            {
                Activations.Relu(z, a);
            }
            else
            {
                Activations.Sigmoid(z, a);
            }

            previous = a;
        }

        return previous;
    }

    /// <summary>
    /// The summed binary cross-entropy of the last forward pass (not divided by m, as the course sums it per
    /// mini-batch and divides by the training set size per epoch).
    /// </summary>
    /// <param name="labels">The m labels of the batch.</param>
    /// <returns>The summed cost.</returns>
    public double CostSum(ReadOnlySpan<float> labels)
    {
        CheckLabels(labels);
        return Activations.CrossEntropySum(_logits[^1].AsSpan(0, _batchSize), labels);
    }

    /// <summary>
    /// Runs the backward pass for the last forward pass and writes the gradient of the mean cost into
    /// <see cref="DenseNetwork.Gradients"/>: <c>dz_L = (a_L - y) / m</c>, <c>dW_l = dz_l a_(l-1)ᵀ</c>,
    /// <c>db_l = row sums of dz_l</c>, <c>dz_(l-1) = (W_lᵀ dz_l) * (a_(l-1) &gt; 0)</c>.
    /// </summary>
    /// <param name="inputs">The same batch that was passed to <see cref="Forward"/>.</param>
    /// <param name="labels">The m labels of the batch.</param>
    public void Backward(ReadOnlySpan<float> inputs, ReadOnlySpan<float> labels) => Backward(inputs, labels, _batchSize);

    /// <summary>
    /// The backward pass with the output error divided by <paramref name="meanOver"/> instead of the m examples of
    /// the last forward pass: <c>dz_L = (a_L - y) / meanOver</c>, the rest as in <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
    /// When a mini-batch of M examples is split into parts (one per data-parallel rank), each part passes
    /// <c>meanOver = M</c>, and the parts' gradients add up to the batch's mean gradient (up to the order of the
    /// float additions).
    /// </summary>
    /// <param name="inputs">The same batch that was passed to <see cref="Forward"/>.</param>
    /// <param name="labels">The m labels of the batch.</param>
    /// <param name="meanOver">The divisor of the output error, at least 1.</param>
    public void Backward(ReadOnlySpan<float> inputs, ReadOnlySpan<float> labels, int meanOver)
    {
        CheckLabels(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(meanOver);
        var m = _batchSize;
        if (inputs.Length != _network.InputSize * m)
        {
            throw new ArgumentException($"Backward needs the {_network.InputSize * m} inputs of the last forward pass, got {inputs.Length}.", nameof(inputs));
        }

        var layers = _network.LayerCount;
        var delta = _deltas[^1].AsSpan(0, m);
        Activations.OutputDelta(_activations[^1].AsSpan(0, m), labels, delta, meanOver);

        var parameters = _network.Parameters;
        var gradients = _network.Gradients;
        for (var l = layers; l >= 1; l--)
        {
            var rows = _network.LayerSizes[l];
            var inner = _network.LayerSizes[l - 1];
            var dz = _deltas[l - 1].AsSpan(0, rows * m);
            var previous = l == 1 ? inputs : _activations[l - 2].AsSpan(0, inner * m);
            DenseMath.ParameterGradients(dz, previous, gradients[_network.Weight(l)], gradients[_network.Bias(l)], rows, inner, m);
            if (l > 1)
            {
                var previousDelta = _deltas[l - 2].AsSpan(0, inner * m);
                DenseMath.InputGradient(parameters[_network.Weight(l)], dz, previousDelta, rows, inner, m);
                Activations.ReluBackward(previousDelta, previous);
            }
        }
    }

    private void CheckLabels(ReadOnlySpan<float> labels)
    {
        if (_batchSize == 0)
        {
            throw new InvalidOperationException("Run Forward first.");
        }

        if (labels.Length != _batchSize)
        {
            throw new ArgumentException($"The last forward pass had {_batchSize} examples but {labels.Length} labels were given.", nameof(labels));
        }
    }
}
