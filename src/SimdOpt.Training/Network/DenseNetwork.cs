using SimdOpt.Parameters;
using SimdOpt.Training.Random;

namespace SimdOpt.Training.Network;

/// <summary>
/// A fully connected network whose weights live in one <see cref="ParameterBuffer"/>: for layer l (from 1) a
/// weight matrix <c>Wl</c> of shape (out, in) and a bias column <c>bl</c> of shape (out, 1), in the order
/// W1, b1, W2, b2, …; a sibling buffer of the same layout holds the gradients. Hidden layers use ReLU and the
/// single output uses a sigmoid.
/// </summary>
public sealed class DenseNetwork
{
    private readonly int[] _sizes;
    private readonly TensorInfo[] _weights;
    private readonly TensorInfo[] _biases;

    /// <summary>Creates a network with zero parameters.</summary>
    /// <param name="layerSizes">The width of every layer, inputs first, e.g. [2, 5, 2, 1]; the last must be 1.</param>
    public DenseNetwork(params ReadOnlySpan<int> layerSizes)
    {
        if (layerSizes.Length < 2)
        {
            throw new ArgumentException("A network needs an input size and at least one layer.", nameof(layerSizes));
        }

        if (layerSizes[^1] != 1)
        {
            throw new ArgumentException($"The output layer must have one unit (a sigmoid for two classes), got {layerSizes[^1]}.", nameof(layerSizes));
        }

        _sizes = layerSizes.ToArray();
        var builder = new ParameterLayout.Builder();
        for (var l = 1; l < _sizes.Length; l++)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_sizes[l - 1], nameof(layerSizes));
            builder.Add(WeightName(l), _sizes[l], _sizes[l - 1]).Add(BiasName(l), _sizes[l], 1);
        }

        Layout = builder.Build();
        _weights = new TensorInfo[LayerCount];
        _biases = new TensorInfo[LayerCount];
        for (var l = 1; l <= LayerCount; l++)
        {
            _weights[l - 1] = Layout[WeightName(l)];
            _biases[l - 1] = Layout[BiasName(l)];
        }

        Parameters = new ParameterBuffer(Layout);
        Gradients = Parameters.CreateSibling();
    }

    /// <summary>The widths of every layer, inputs first.</summary>
    public ReadOnlySpan<int> LayerSizes => _sizes;

    /// <summary>The number of weighted layers (the length of <see cref="LayerSizes"/> minus one).</summary>
    public int LayerCount => _sizes.Length - 1;

    /// <summary>The number of inputs per example.</summary>
    public int InputSize => _sizes[0];

    /// <summary>The parameter layout: W1, b1, W2, b2, ….</summary>
    public ParameterLayout Layout { get; }

    /// <summary>The weights and biases.</summary>
    public ParameterBuffer Parameters { get; }

    /// <summary>The gradients written by the backward pass, in the same layout.</summary>
    public ParameterBuffer Gradients { get; }

    /// <summary>The name of layer <paramref name="layer"/>'s weight matrix (<c>W1</c>, <c>W2</c>, …).</summary>
    /// <param name="layer">The layer, from 1.</param>
    /// <returns>The tensor name.</returns>
    public static string WeightName(int layer) => "W" + layer.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The name of layer <paramref name="layer"/>'s bias column (<c>b1</c>, <c>b2</c>, …).</summary>
    /// <param name="layer">The layer, from 1.</param>
    /// <returns>The tensor name.</returns>
    public static string BiasName(int layer) => "b" + layer.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// He initialisation as the course does it: <c>np.random.seed(seed)</c>, then for each layer in order
    /// <c>W = randn(out, in) * sqrt(2 / in)</c> (computed in double, stored as float) and <c>b = 0</c>.
    /// </summary>
    /// <param name="seed">The numpy seed (the course uses 3).</param>
    public void InitializeHe(uint seed)
    {
        var random = new NumpyLegacyRandom(seed);
        for (var l = 1; l <= LayerCount; l++)
        {
            var scale = Math.Sqrt(2.0 / _sizes[l - 1]);
            var w = Parameters[_weights[l - 1]];
            for (var i = 0; i < w.Length; i++)
            {
                w[i] = (float)(random.StandardNormal() * scale);
            }

            Parameters[_biases[l - 1]].Clear();
        }
    }

    /// <summary>The (out, in) weight tensor of layer <paramref name="layer"/> (from 1).</summary>
    internal TensorInfo Weight(int layer) => _weights[layer - 1];

    /// <summary>The (out, 1) bias tensor of layer <paramref name="layer"/> (from 1).</summary>
    internal TensorInfo Bias(int layer) => _biases[layer - 1];
}
