using SimdOpt.Averaging;
using SimdOpt.Optimizers;
using SimdOpt.Training.Loop;
using SimdOpt.Training.Network;

namespace SimdOpt.Cli.Runs;

/// <summary>
/// Trains a set of runs, in parallel on the available cores. Every run owns its network, optimizer and
/// shuffle generator, so the results do not depend on the scheduling.
/// </summary>
internal static class RunExecutor
{
    /// <summary>Checks that the network fits in memory with the experiment's batch; throws before anything is allocated for it.</summary>
    public static void CheckNetworkSize(Experiment experiment) =>
        NetworkSize.Check(experiment.LayerSizes, Math.Min(experiment.Training.BatchSize, experiment.Data.Count));

    /// <summary>
    /// Checks every plan's hyperparameters (by building its optimizer and schedule), its checkpoint to resume from and the
    /// files it will write, over a network whose size <see cref="CheckNetworkSize"/> accepted; throws before any training starts.
    /// </summary>
    public static void Validate(Experiment experiment, IReadOnlyList<RunPlan> plans)
    {
        var network = new DenseNetwork(experiment.LayerSizes);
        foreach (var plan in plans)
        {
            var optimizer = OptimizerCatalog.Create(plan.Optimizer, network.Layout);
            var training = plan.Training(experiment.Training);
            var trainer = new Trainer(network, optimizer, experiment.Data, training, plan.Average(network.Layout), plan.Plateau(), plan.Lookahead?.Create(optimizer, network.Parameters));
            plan.Files?.Restore(trainer, experiment.Training.Epochs);
            plan.Files?.CheckPaths();
        }
    }

    /// <summary>Runs every plan and returns the outcomes in plan order.</summary>
    /// <param name="experiment">The shared setting.</param>
    /// <param name="plans">The runs.</param>
    /// <param name="progress">Told about every run's epochs.</param>
    public static IReadOnlyList<RunOutcome> Execute(Experiment experiment, IReadOnlyList<RunPlan> plans, IRunProgress progress)
    {
        var outcomes = new RunOutcome[plans.Count];
        Parallel.For(0, plans.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            outcomes[i] = Execute(experiment, plans[i], i, progress);
        });
        return outcomes;
    }

    private static RunOutcome Execute(Experiment experiment, RunPlan plan, int index, IRunProgress progress)
    {
        var network = new DenseNetwork(experiment.LayerSizes);
        network.InitializeHe(experiment.InitializationSeed);
        var optimizer = OptimizerCatalog.Create(plan.Optimizer, network.Layout);
        var trainer = new Trainer(network, optimizer, experiment.Data, plan.Training(experiment.Training), plan.Average(network.Layout), plan.Plateau(), plan.Lookahead?.Create(optimizer, network.Parameters));
        var files = plan.Files ?? new RunFiles();
        files.Restore(trainer, experiment.Training.Epochs);
        progress.Started(index);
        var callbacks = new TrainingCallbacks { Progress = p => progress.Epoch(index, p), ProgressInterval = progress.Interval };
        var result = trainer.Train(files.WithCheckpoints(callbacks, trainer));

        // Schedule-Free trains at y; the weights to judge, plot and save are the average x.
        if (optimizer is ScheduleFreeAdamW scheduleFree)
        {
            scheduleFree.Eval(network.Parameters);
        }

        files.WriteWeights(network, plan, experiment.Training.Epochs);
        var outcome = new RunOutcome(plan, network, result, Prediction.Accuracy(network, experiment.Data))
        {
            FinalLearningRate = optimizer.LearningRate,
            AverageAccuracy = trainer.Average is { } average ? AccuracyAt(average, network, experiment) : null,
        };
        progress.Finished(index, outcome);
        return outcome;
    }

    /// <summary>The training accuracy of the averaged weights (the network's own weights are put back afterwards).</summary>
    private static double AccuracyAt(WeightAverage average, DenseNetwork network, Experiment experiment)
    {
        var trained = network.Parameters.Span.ToArray();
        average.Average.Span.CopyTo(network.Parameters.Span);
        var accuracy = Prediction.Accuracy(network, experiment.Data);
        trained.CopyTo(network.Parameters.Span);
        return accuracy;
    }
}
