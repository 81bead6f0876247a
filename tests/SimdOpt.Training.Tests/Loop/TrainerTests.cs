using SimdOpt.Optimizers;
using SimdOpt.Training.Data;
using SimdOpt.Training.Loop;
using SimdOpt.Training.Network;

namespace SimdOpt.Training.Tests.Loop;

public class TrainerTests
{
    [Fact]
    public void Same_seeds_give_the_same_bits()
    {
        Assert.Equal(Train(20), Train(20));
    }

    [Fact]
    public void The_learning_rate_hook_sets_the_rate_before_every_step()
    {
        var data = CourseData.Load();
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        network.InitializeHe(CourseSettings.InitializationSeed);
        var before = network.Parameters.Span.ToArray();
        var seen = new List<long>();
        var optimizer = new Sgd(network.Layout, 0.5);
        var trainer = new Trainer(network, optimizer, data, new TrainingOptions { Epochs = 2, LearningRateAt = step => { seen.Add(step); return 0; } });

        trainer.Train();

        Assert.Equal([0L, 1, 2, 3, 4, 5, 6, 7, 8, 9], seen);
        Assert.Equal(before, network.Parameters.Span.ToArray());
    }

    [Fact]
    public void Costs_are_recorded_at_the_interval_and_after_the_last_epoch()
    {
        var data = CourseData.Load();
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        network.InitializeHe(CourseSettings.InitializationSeed);
        var result = new Trainer(network, new Sgd(network.Layout, 0.0007), data, new TrainingOptions { Epochs = 250 }).Train();
        Assert.Equal([0, 100, 200, 249], result.Costs.Select(c => c.Epoch));
        Assert.Equal(result.FinalCost, result.Costs[^1].Cost);
        Assert.Equal(1250, result.Steps);
    }

    [Fact]
    public void Mismatched_layouts_are_rejected()
    {
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        var other = new DenseNetwork(2, 3, 1);
        Assert.Throws<ArgumentException>(() => new Trainer(network, new Sgd(other.Layout, 0.1), CourseData.Load(), new TrainingOptions()));
    }

    private static float[] Train(int epochs)
    {
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        network.InitializeHe(CourseSettings.InitializationSeed);
        new Trainer(network, new Adam(network.Layout, 0.01), CourseData.Load(), new TrainingOptions { Epochs = epochs }).Train();
        return network.Parameters.Span.ToArray();
    }
}
