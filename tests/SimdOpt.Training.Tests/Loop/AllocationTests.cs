using SimdOpt.Training.Tests.Support;
using SimdOpt.Optimizers;
using SimdOpt.Schedules;
using SimdOpt.Training.Data;
using SimdOpt.Training.Loop;
using SimdOpt.Training.Network;

namespace SimdOpt.Training.Tests.Loop;

[Collection(SerialCollection.Name)]
public class AllocationTests
{
    public static TheoryData<string, ScheduleCounter> Optimizers => new()
    {
        { "sgd", ScheduleCounter.Epoch },
        { "sgd", ScheduleCounter.Step },
        { "nesterov", ScheduleCounter.Step },
        { "adam", ScheduleCounter.Epoch },
        { "adam", ScheduleCounter.Step },
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Training_steps_allocate_nothing_after_set_up(string name, ScheduleCounter counter)
    {
        var data = CourseData.Load();
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        network.InitializeHe(CourseSettings.InitializationSeed);
        Optimizer optimizer = name switch
        {
            "sgd" => new Sgd(network.Layout, 0.01),
            "nesterov" => new Sgd(network.Layout, 0.01, new SgdOptions { Momentum = 0.9, Nesterov = true }),
            _ => new Adam(network.Layout, 0.001),
        };
        var trainer = new Trainer(network, optimizer, data, new TrainingOptions
        {
            Schedule = SequenceSchedule.WarmupCosine(0.001, 0.01, 20, 2000, 0.0001),
            ScheduleCounter = counter,
        });
        trainer.TrainEpoch();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var epoch = 0; epoch < 200; epoch++)
        {
            trainer.TrainEpoch();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(201 * 5, trainer.Steps);
        Assert.Equal(0, allocated);
        Assert.NotEqual(0.01, optimizer.LearningRate);
    }
}
