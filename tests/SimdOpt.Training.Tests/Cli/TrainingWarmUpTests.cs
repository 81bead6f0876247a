using SimdOpt.Cli.Runs;
using SimdOpt.Training.Data;
using SimdOpt.Training.Loop;

namespace SimdOpt.Training.Tests.Cli;

public sealed class TrainingWarmUpTests
{
    private static readonly Experiment Course = new(CourseData.Load(), "course", [2, 5, 2, 1], 3, new TrainingOptions { Epochs = 300 });

    private static RunPlan Plan(string optimizer, double learningRate) => new(new OptimizerSettings { Name = optimizer, LearningRate = learningRate })
    {
        EmaDecay = 0.99,
        Lookahead = new LookaheadSpec(5, 0.5),
    };

    [Fact]
    public async Task An_invalid_plan_ends_the_warm_up_quietly()
    {
        var warmUp = TrainingWarmUp.Start(Course, [Plan("adam", -1)]);
        await warmUp;
        Assert.True(warmUp.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Runs_give_the_same_bits_while_the_warm_up_trains_the_same_plans_beside_them()
    {
        RunPlan[] plans = [Plan("adam", 0.01), Plan("momentum", 0.1)];
        var alone = RunExecutor.Execute(Course, plans, new SilentProgress());

        var warmUp = TrainingWarmUp.Start(Course, plans);
        var beside = RunExecutor.Execute(Course, plans, new SilentProgress());
        await warmUp;

        for (var i = 0; i < plans.Length; i++)
        {
            Assert.Equal(alone[i].Result.Costs.Select(c => BitConverter.DoubleToInt64Bits(c.Cost)), beside[i].Result.Costs.Select(c => BitConverter.DoubleToInt64Bits(c.Cost)));
            Assert.Equal(alone[i].Network.Parameters.Span.ToArray(), beside[i].Network.Parameters.Span.ToArray());
        }
    }

    private sealed class SilentProgress : IRunProgress
    {
        public TimeSpan Interval => TimeSpan.FromSeconds(1);

        public void Started(int run)
        {
        }

        public void Epoch(int run, TrainingProgress progress)
        {
        }

        public void Finished(int run, RunOutcome outcome)
        {
        }
    }
}
