using SimdOpt.Training.Loop;
using SimdOpt.Training.Network;

namespace SimdOpt.Training.Tests.Network;

public class HeInitializationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void He_initialisation_equals_the_courses_weights(int layer)
    {
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        network.InitializeHe(CourseSettings.InitializationSeed);
        var expected = Fingerprints.Matrix("he_init_seed3_layers_2_5_2_1", DenseNetwork.WeightName(layer));
        var weights = network.Parameters[DenseNetwork.WeightName(layer)];
        Assert.Equal(expected.Length, weights.Length);
        var columns = expected.GetLength(1);
        for (var i = 0; i < weights.Length; i++)
        {
            Assert.Equal((float)expected[i / columns, i % columns], weights[i]);
        }

        Assert.All(network.Parameters[DenseNetwork.BiasName(layer)].ToArray(), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void Layout_has_the_courses_names_and_shapes()
    {
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        Assert.Equal("W1(5, 2), b1(5, 1), W2(2, 5), b2(2, 1), W3(1, 2), b3(1, 1)", network.Layout.ToString());
    }
}
