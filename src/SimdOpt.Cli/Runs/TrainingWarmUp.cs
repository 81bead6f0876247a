using SimdOpt.Training.Data;
using SimdOpt.Training.Loop;
using SimdOpt.Training.Network;

namespace SimdOpt.Cli.Runs;

/// <summary>
/// Compiles a session's training code on another core while the session checks its plans. The CLI runs with tiered
/// compilation off (every method is compiled fully optimized at its first call), so without this a run's first epoch
/// is mostly the JIT at work: about 40-55 ms on the course network, against 1.4 µs per step afterwards. The warm-up
/// trains a throwaway copy of every plan (a fresh network, the same optimizer, schedule, accumulation, average and
/// Lookahead) over the first <c>2 * min(batch size, 256) - 1</c> examples (or all of them, if fewer): a full
/// mini-batch and a shorter last one, so the kernels meet the lengths of a real epoch, and never more than 511
/// examples, so a large batch does not turn the warm-up into real work. It trains as many epochs as the plan
/// accumulates mini-batches per step, so at least one optimizer step runs. It shares nothing writable with the runs
/// (the data set is read-only), writes no file and prints nothing, so the runs' results are what they would be
/// without it.
/// </summary>
internal static class TrainingWarmUp
{
    /// <summary>The largest mini-batch the warm-up trains on.</summary>
    private const int LargestBatch = 256;

    /// <summary>
    /// Starts the warm-up on the thread pool; the task never faults. Call it after the network's size is checked: the
    /// plans' hyperparameters may still be invalid, in which case the warm-up stops at the first plan that throws and
    /// the session's own validation reports the error.
    /// </summary>
    public static Task Start(Experiment experiment, IReadOnlyList<RunPlan> plans) => Task.Run(() =>
    {
        try
        {
            var batchSize = Math.Min(experiment.Training.BatchSize, LargestBatch);
            var data = FirstExamples(experiment.Data, (2 * batchSize) - 1);
            foreach (var plan in plans)
            {
                var network = new DenseNetwork(experiment.LayerSizes);
                network.InitializeHe(experiment.InitializationSeed);
                var optimizer = OptimizerCatalog.Create(plan.Optimizer, network.Layout);
                var training = plan.Training(experiment.Training) with { Epochs = plan.AccumulationSteps, BatchSize = batchSize };
                var trainer = new Trainer(network, optimizer, data, training, plan.Average(network.Layout), plan.Plateau(), plan.Lookahead?.Create(optimizer, network.Parameters));
                trainer.Train(new TrainingCallbacks { Progress = _ => { } });
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // An invalid plan: the session's validation, running meanwhile, reports it; the warm-up has nothing to add.
        }
    });

    /// <summary>The first <paramref name="count"/> examples of <paramref name="data"/> (all of them when it has fewer).</summary>
    private static Dataset FirstExamples(Dataset data, int count)
    {
        if (count >= data.Count)
        {
            return data;
        }

        var features = new float[data.FeatureCount * count];
        for (var f = 0; f < data.FeatureCount; f++)
        {
            data.Feature(f)[..count].CopyTo(features.AsSpan(f * count, count));
        }

        return new Dataset(features, data.Labels[..count], data.FeatureCount);
    }
}
