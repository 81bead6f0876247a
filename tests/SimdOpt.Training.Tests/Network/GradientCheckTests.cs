using SimdOpt.Training.Network;

namespace SimdOpt.Training.Tests.Network;

/// <summary>
/// Backprop against central finite differences. The float32 parameters are read into doubles and the mean
/// cost is recomputed by an independent double-precision forward pass, so the finite differences carry no
/// float32 rounding; the remaining gap is the float32 backward pass itself (relative error ~1e-6), far inside
/// the 1e-3 tolerance, while any wrong term in the backward pass shows up at order 1.
/// </summary>
public class GradientCheckTests
{
    private static readonly int[] Sizes = [2, 4, 3, 1];

    [Fact]
    public void Backprop_matches_central_differences()
    {
        var network = new DenseNetwork(Sizes);
        network.InitializeHe(5);
        var biasSeed = new Training.Random.NumpyLegacyRandom(9);
        for (var l = 1; l < Sizes.Length; l++)
        {
            var b = network.Parameters[DenseNetwork.BiasName(l)];
            for (var i = 0; i < b.Length; i++)
            {
                b[i] = (float)(0.1 * biasSeed.StandardNormal());
            }
        }

        const int m = 7;
        var inputs = new float[2 * m];
        var labels = new float[m];
        for (var j = 0; j < m; j++)
        {
            inputs[j] = (float)biasSeed.StandardNormal();
            inputs[m + j] = (float)biasSeed.StandardNormal();
            labels[j] = j % 2;
        }

        var propagation = new Propagation(network, m);
        propagation.Forward(inputs, m);
        propagation.Backward(inputs, labels);

        var theta = network.Parameters.Span.ToArray().Select(v => (double)v).ToArray();
        var gradients = network.Gradients.Span.ToArray();
        const double h = 1e-6;
        for (var p = 0; p < theta.Length; p++)
        {
            var saved = theta[p];
            theta[p] = saved + h;
            var plus = MeanCost(theta, inputs, labels, m);
            theta[p] = saved - h;
            var minus = MeanCost(theta, inputs, labels, m);
            theta[p] = saved;
            var numeric = (plus - minus) / (2 * h);
            var error = Math.Abs(numeric - gradients[p]) / Math.Max(1e-4, Math.Abs(numeric) + Math.Abs(gradients[p]));
            Assert.True(error < 1e-3, $"parameter {p}: backprop {gradients[p]}, finite difference {numeric}, relative error {error}");
        }
    }

    [Fact]
    public void Float_cost_equals_the_double_reference_at_the_same_parameters()
    {
        var network = new DenseNetwork(Sizes);
        network.InitializeHe(3);
        float[] inputs = [0.5f, -1f, 2f, 0.25f, 1.5f, -0.75f];
        float[] labels = [1f, 0f, 1f];
        var propagation = new Propagation(network, 3);
        propagation.Forward(inputs, 3);
        var theta = network.Parameters.Span.ToArray().Select(v => (double)v).ToArray();
        Assert.Equal(MeanCost(theta, inputs, labels, 3), propagation.CostSum(labels) / 3, 5);
    }

    /// <summary>The course's mean binary cross-entropy, everything in double, parameters in layout order W1, b1, W2, b2, ….</summary>
    private static double MeanCost(double[] theta, float[] inputs, float[] labels, int m)
    {
        var total = 0.0;
        for (var j = 0; j < m; j++)
        {
            double[] a = [inputs[j], inputs[m + j]];
            var offset = 0;
            for (var l = 1; l < Sizes.Length; l++)
            {
                int rows = Sizes[l], inner = Sizes[l - 1];
                var z = new double[rows];
                for (var i = 0; i < rows; i++)
                {
                    var sum = theta[offset + (rows * inner) + i];
                    for (var k = 0; k < inner; k++)
                    {
                        sum += theta[offset + (i * inner) + k] * a[k];
                    }

                    z[i] = l < Sizes.Length - 1 ? Math.Max(sum, 0) : 1 / (1 + Math.Exp(-sum));
                }

                offset += (rows * inner) + rows;
                a = z;
            }

            total += -((labels[j] * Math.Log(a[0])) + ((1 - labels[j]) * Math.Log(1 - a[0])));
        }

        return total / m;
    }
}
