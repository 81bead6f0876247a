using SimdOpt.Averaging;
using SimdOpt.Optimizers;
using SimdOpt.Reference;
using SimdOpt.Schedules;
using SimdOpt.Training.Data;
using SimdOpt.Training.Loop;
using SimdOpt.Training.Network;

namespace SimdOpt.Training.Tests.Loop;

public class TrainingUtilityTests
{
    private const int Epochs = 4;

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 0)]
    [InlineData(5, 0)]
    [InlineData(1, 3)]
    [InlineData(2, 2)]
    public void Accumulated_steps_Lookahead_and_the_average_equal_a_hand_written_loop(int k, int syncPeriod)
    {
        // The course data gives 5 mini-batches per epoch; windows of k run across epoch ends.
        const float Alpha = 0.3f;
        var data = CourseData.Load();
        var (network, optimizer) = Start();
        var average = WeightAverage.Exponential(network.Layout, 0.9);
        var lookahead = syncPeriod > 0 ? new Lookahead(optimizer, network.Parameters, syncPeriod, Alpha) : null;
        var trainer = new Trainer(network, optimizer, data, new TrainingOptions { Epochs = Epochs, AccumulationSteps = k }, average, plateau: null, lookahead);
        trainer.Train();

        // The oracle: every mini-batch's gradient summed in float in arrival order, divided by (float)k, one step,
        // after every syncPeriod-th step s = s + alpha * (p - s) and p = s, then the reference average of the new parameters.
        var (expected, expectedOptimizer) = Start();
        var slow = expected.Parameters.Span.ToArray();
        var batches = new MiniBatches(data, 64);
        var propagation = new Propagation(expected, batches.BatchSize);
        var sum = new float[expected.Parameters.Length];
        var expectedAverage = new float[sum.Length];
        var gathered = 0;
        long steps = 0;
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            batches.Shuffle((uint)(11 + epoch));
            for (var b = 0; b < batches.Count; b++)
            {
                var m = batches.Gather(b, out var inputs, out var labels);
                propagation.Forward(inputs, m);
                propagation.Backward(inputs, labels);
                var g = expected.Gradients.Span;
                for (var i = 0; i < sum.Length; i++)
                {
                    sum[i] = gathered == 0 ? g[i] : sum[i] + g[i];
                }

                if (++gathered < k)
                {
                    continue;
                }

                for (var i = 0; i < sum.Length && k > 1; i++)
                {
                    sum[i] /= k;
                }

                expectedOptimizer.Step(expected.Parameters.Span, sum);
                steps++;
                var p = expected.Parameters.Span;
                for (var i = 0; i < p.Length && syncPeriod > 0 && steps % syncPeriod == 0; i++)
                {
                    slow[i] += Alpha * (p[i] - slow[i]);
                    p[i] = slow[i];
                }
                ReferenceWeightAverage.Exponential(expectedAverage, expected.Parameters.Span, 0.9, warmUp: true, steps);
                gathered = 0;
            }
        }

        Assert.Equal(steps, trainer.Steps);
        Assert.Equal(steps, optimizer.StepCount);
        Assert.Equal(expected.Parameters.Span.ToArray(), network.Parameters.Span.ToArray());
        Assert.Equal(expectedAverage, average.Average.Span.ToArray());
        Assert.Equal(steps, average.Count);
        if (lookahead is not null)
        {
            Assert.True(steps >= syncPeriod, "no synchronisation happened");
            Assert.Equal(slow, lookahead.SlowWeights.Span.ToArray());
        }
    }

    [Fact]
    public void The_step_counter_of_a_schedule_counts_accumulated_steps()
    {
        var (network, optimizer) = Start();
        var schedule = new RecordingSchedule();
        new Trainer(network, optimizer, CourseData.Load(), new TrainingOptions { Epochs = 3, AccumulationSteps = 2, Schedule = schedule, ScheduleCounter = ScheduleCounter.Step }).Train();

        // 15 mini-batches in windows of 2: 7 steps, the last mini-batch still open.
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], schedule.Seen);
    }

    [Fact]
    public void Resuming_inside_an_open_window_is_refused_and_at_a_window_end_equals_the_whole_run()
    {
        var options = new TrainingOptions { Epochs = 6, AccumulationSteps = 2 };
        var (network, optimizer) = Start();
        var trainer = new Trainer(network, optimizer, CourseData.Load(), options);
        var error = Assert.Throws<ArgumentException>(() => trainer.ResumeAt(3));
        Assert.Contains("window", error.Message, StringComparison.Ordinal);

        var (whole, wholeOptimizer) = Start();
        new Trainer(whole, wholeOptimizer, CourseData.Load(), options).Train();
        var (first, firstOptimizer) = Start();
        new Trainer(first, firstOptimizer, CourseData.Load(), options with { Epochs = 2 }).Train();
        var resumed = new Trainer(first, firstOptimizer, CourseData.Load(), options);
        resumed.ResumeAt(2);
        resumed.Train();

        Assert.Equal(whole.Parameters.Span.ToArray(), first.Parameters.Span.ToArray());
        Assert.Equal(wholeOptimizer.StepCount, firstOptimizer.StepCount);
    }

    [Fact]
    public void A_plateau_scheduler_is_fed_every_epoch_cost_and_sets_the_rate()
    {
        var (network, optimizer) = Start();
        var plateau = new ReduceLearningRateOnPlateau(0.05, factor: 0.5, patience: 0, threshold: 0.05);
        var trainer = new Trainer(network, optimizer, CourseData.Load(), new TrainingOptions { Epochs = 30 }, average: null, plateau);
        var oracle = new ReduceLearningRateOnPlateau(0.05, factor: 0.5, patience: 0, threshold: 0.05);
        for (var epoch = 0; epoch < 30; epoch++)
        {
            var cost = trainer.TrainEpoch(measureCost: false);
            Assert.False(double.IsNaN(cost));
            oracle.Observe(cost);
            Assert.Equal(oracle.LearningRate, optimizer.LearningRate);
        }

        Assert.True(optimizer.LearningRate < 0.05, "no reduction happened: the test would not see a wrong rate");
        Assert.Equal(oracle.State, plateau.State);
    }

    [Fact]
    public void A_plateau_scheduler_with_a_schedule_or_a_foreign_average_is_rejected()
    {
        var (network, optimizer) = Start();
        var data = CourseData.Load();
        Assert.Throws<ArgumentException>(() => new Trainer(network, optimizer, data, new TrainingOptions { Schedule = new ConstantSchedule(0.1) }, null, new ReduceLearningRateOnPlateau(0.1)));
        var other = new DenseNetwork(2, 3, 1);
        Assert.Throws<ArgumentException>(() => new Trainer(network, optimizer, data, new TrainingOptions(), WeightAverage.Equal(other.Layout), null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(network, optimizer, data, new TrainingOptions { AccumulationSteps = 0 }));
        var foreign = new Lookahead(new Adam(network.Layout, 0.01), network.Parameters);
        Assert.Throws<ArgumentException>(() => new Trainer(network, optimizer, data, new TrainingOptions(), null, null, foreign));
    }

    private static (DenseNetwork Network, Adam Optimizer) Start()
    {
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        network.InitializeHe(CourseSettings.InitializationSeed);
        return (network, new Adam(network.Layout, 0.01));
    }

    private sealed class RecordingSchedule : LearningRateSchedule
    {
        public List<long> Seen { get; } = [];

        public override double At(long counter)
        {
            Seen.Add(counter);
            return 0.01;
        }
    }
}
