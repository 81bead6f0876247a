using SimdOpt.Cli.Runs;
using SimdOpt.Kernels;
using SimdOpt.Tests.Support;
using SimdOpt.Training.Data;
using SimdOpt.Training.Loop;
using SimdOpt.Training.Network;

namespace SimdOpt.Training.Tests.Loop;

/// <summary>
/// The training loop with every optimizer the command line offers, on every lane width forced (<see cref="Lanes"/>:
/// Vector512 in software where the hardware lacks it): a few epochs of a network wide enough that every lane has full
/// groups give the same parameters, bit for bit, as the same run on the scalar lane. (The forward and backward passes'
/// element-wise loops are <c>TensorPrimitives</c>' own, whose width cannot be forced; DenseMathTests pin their order.)
/// </summary>
public class LaneTrainingTests
{
    public static TheoryData<string, string> OptimizersOnLanes => Lanes.Crossed(OptimizerCatalog.Names);

    [Theory]
    [MemberData(nameof(OptimizersOnLanes))]
    public void Each_optimizer_trains_to_the_same_bits_on_each_lane(string lane, string optimizer)
    {
        var expected = Train(optimizer, nameof(LaneWidth.Scalar));
        var actual = Train(optimizer, lane);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    private static float[] Train(string optimizer, string lane)
    {
        var network = new DenseNetwork(2, 40, 20, 1);
        network.InitializeHe(CourseSettings.InitializationSeed);
        var rule = OptimizerCatalog.Create(new OptimizerSettings { Name = optimizer, LearningRate = 0.01 }, network.Layout);
        var trainer = new Trainer(network, rule, CourseData.Load(), new TrainingOptions { Epochs = 4 });
        Lanes.Run(lane, () => trainer.Train());
        return network.Parameters.Span.ToArray();
    }
}
