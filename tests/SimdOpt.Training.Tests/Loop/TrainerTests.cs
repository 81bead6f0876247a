using SimdOpt.Optimizers;
using SimdOpt.Schedules;
using SimdOpt.State;
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
    public void The_result_times_the_first_epoch_apart_and_the_steady_rate_leaves_it_out()
    {
        // 300 examples in mini-batches of 64: 5 steps per epoch; a run resumed at epoch 2 has its own first epoch.
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        network.InitializeHe(CourseSettings.InitializationSeed);
        var trainer = new Trainer(network, new Sgd(network.Layout, 0.1), CourseData.Load(), new TrainingOptions { Epochs = 2 });
        var first = trainer.Train();
        trainer = new Trainer(network, new Sgd(network.Layout, 0.1), CourseData.Load(), new TrainingOptions { Epochs = 6 });
        trainer.ResumeAt(2);
        var resumed = trainer.Train();

        foreach (var (result, steps) in new[] { (first, 10L), (resumed, 20L) })
        {
            Assert.Equal(steps, result.Steps);
            Assert.Equal(5, result.FirstEpochSteps);
            Assert.InRange(result.FirstEpochElapsed, TimeSpan.FromTicks(1), result.Elapsed);
            Assert.Equal(result.Steps / result.Elapsed.TotalSeconds, result.StepsPerSecond);
            Assert.Equal((steps - 5) / (result.Elapsed - result.FirstEpochElapsed).TotalSeconds, result.SteadyStepsPerSecond);
        }

        var oneEpoch = new Trainer(network, new Sgd(network.Layout, 0.1), CourseData.Load(), new TrainingOptions { Epochs = 1 }).Train();
        Assert.Equal(0, oneEpoch.SteadyStepsPerSecond);
    }

    [Theory]
    [InlineData(ScheduleCounter.Step, new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 })]
    [InlineData(ScheduleCounter.Epoch, new long[] { 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2 })]
    [InlineData(ScheduleCounter.EpochEnd, new long[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1 })]
    public void The_schedule_sets_the_rate_before_every_step_from_the_chosen_counter(ScheduleCounter counter, long[] expected)
    {
        var data = CourseData.Load();
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        network.InitializeHe(CourseSettings.InitializationSeed);
        var before = network.Parameters.Span.ToArray();
        var schedule = new RecordingSchedule();
        var optimizer = new Sgd(network.Layout, 0.5);
        var trainer = new Trainer(network, optimizer, data, new TrainingOptions { Epochs = 3, Schedule = schedule, ScheduleCounter = counter });

        trainer.Train();

        Assert.Equal(expected, schedule.Seen);
        Assert.Equal(before, network.Parameters.Span.ToArray());
    }

    [Theory]
    [InlineData(ScheduleCounter.Epoch)]
    [InlineData(ScheduleCounter.Step)]
    public void A_staircase_decay_changes_the_rate_at_its_boundary_in_epochs_or_steps(ScheduleCounter counter)
    {
        // 300 examples in mini-batches of 64: 5 steps per epoch. Stairs of 3 counters: epochs 0-2 or steps 0-2 at 0.1.
        var data = CourseData.Load();
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        network.InitializeHe(CourseSettings.InitializationSeed);
        var optimizer = new Sgd(network.Layout, 1.0);
        var trainer = new Trainer(network, optimizer, data, new TrainingOptions
        {
            Epochs = 7,
            Schedule = new InverseTimeDecaySchedule(0.1, 1.0, 3),
            ScheduleCounter = counter,
        });
        var rates = new List<double>();
        for (var epoch = 0; epoch < 7; epoch++)
        {
            trainer.TrainEpoch();
            rates.Add(optimizer.LearningRate);
        }

        // The rate of each epoch's last step: epoch e ends at step 5e + 4.
        double[] expected = counter == ScheduleCounter.Epoch
            ? [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.1 / 3]
            : [.. Enumerable.Range(0, 7).Select(e => 0.1 / (1 + ((5 * e) + 4) / 3))];
        Assert.Equal(expected, rates);
    }

    [Fact]
    public void A_schedule_on_both_the_options_and_the_optimizer_is_rejected()
    {
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        var optimizer = new Sgd(network.Layout, 0.1) { Schedule = new ConstantSchedule(0.1) };
        Assert.Throws<ArgumentException>(() => new Trainer(network, optimizer, CourseData.Load(), new TrainingOptions { Schedule = new ConstantSchedule(0.2) }));
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

    [Theory]
    [InlineData(ScheduleCounter.Step)]
    [InlineData(ScheduleCounter.EpochEnd)]
    public void A_run_split_by_a_checkpoint_and_a_resume_equals_the_uninterrupted_run(ScheduleCounter counter)
    {
        var options = new TrainingOptions { Epochs = 9, CostInterval = 2, Schedule = new InverseTimeDecaySchedule(0.01, 1.0, 4), ScheduleCounter = counter };
        var (whole, wholeResult) = StartRun(options);
        var expected = wholeResult.Train();

        var (first, firstTrainer) = StartRun(options with { Epochs = 4 });
        firstTrainer.Train();
        using var file = new MemoryStream();
        Checkpoint.Save(file, first.Optimizer, first.Network.Parameters, counter: firstTrainer.EpochsCompleted);

        var (second, secondTrainer) = StartRun(options);
        file.Position = 0;
        var info = Checkpoint.Load(file, second.Optimizer, second.Network.Parameters);
        secondTrainer.ResumeAt((int)info.Counter);
        var resumed = secondTrainer.Train();

        Assert.Equal(whole.Network.Parameters.Span.ToArray(), second.Network.Parameters.Span.ToArray());
        Assert.Equal(whole.Optimizer.State("exp_avg").Span.ToArray(), second.Optimizer.State("exp_avg").Span.ToArray());
        Assert.Equal(expected.FinalCost, resumed.FinalCost);
        Assert.Equal(expected.Costs.Where(c => c.Epoch >= 4), resumed.Costs);
        Assert.Equal(5 * 5, resumed.Steps);
        Assert.Equal(whole.Optimizer.StepCount, second.Optimizer.StepCount);
    }

    private static ((DenseNetwork Network, Adam Optimizer) Run, Trainer Trainer) StartRun(TrainingOptions options)
    {
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        network.InitializeHe(CourseSettings.InitializationSeed);
        var optimizer = new Adam(network.Layout, 0.01);
        return ((network, optimizer), new Trainer(network, optimizer, CourseData.Load(), options));
    }

    private static float[] Train(int epochs)
    {
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        network.InitializeHe(CourseSettings.InitializationSeed);
        new Trainer(network, new Adam(network.Layout, 0.01), CourseData.Load(), new TrainingOptions { Epochs = epochs }).Train();
        return network.Parameters.Span.ToArray();
    }

    private sealed class RecordingSchedule : LearningRateSchedule
    {
        public List<long> Seen { get; } = [];

        public override double At(long counter)
        {
            Seen.Add(counter);
            return 0;
        }
    }
}
