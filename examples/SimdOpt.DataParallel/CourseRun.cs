using System.Numerics.Tensors;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Training.Data;
using SimdOpt.Training.Loop;
using SimdOpt.Training.Network;

namespace SimdOpt.DataParallel;

/// <summary>The course's network and Adam settings, trained with each mini-batch split into parts.</summary>
public static class CourseRun
{
    /// <summary>The course's first shuffle seed (epoch e, from 0, shuffles with seed 11 + e).</summary>
    public const uint ShuffleSeed = 10;

    /// <summary>The course's mini-batch size.</summary>
    public const int BatchSize = 64;

    /// <summary>A network with the course's layer sizes and He initialisation.</summary>
    public static DenseNetwork CreateNetwork()
    {
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        network.InitializeHe(CourseSettings.InitializationSeed);
        return network;
    }

    /// <summary>The course's Adam over <paramref name="layout"/> (the whole network or one rank's share).</summary>
    public static Adam CreateAdam(ParameterLayout layout) =>
        new(layout, CourseSettings.LearningRate, new AdamOptions { Beta1 = CourseSettings.Beta1, Beta2 = CourseSettings.Beta2, Epsilon = CourseSettings.Epsilon });

    /// <summary>
    /// The single-process reference of an N-rank run: every batch's N part gradients computed in turn and summed in
    /// rank order (<c>g_0 + g_1 + …</c>), then one whole-buffer step.
    /// </summary>
    /// <returns>The trained network.</returns>
    public static DenseNetwork TrainSummingParts(Dataset data, int parts, int epochs)
    {
        var network = CreateNetwork();
        var adam = CreateAdam(network.Layout);
        var batches = new BatchParts(data, BatchSize, parts);
        var gradients = new PartGradients(network, batches);
        var sum = network.Gradients.CreateSibling();
        var seed = ShuffleSeed;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            batches.Shuffle(++seed);
            for (var b = 0; b < batches.Count; b++)
            {
                for (var r = 0; r < parts; r++)
                {
                    gradients.Compute(b, r);
                    if (r == 0)
                    {
                        network.Gradients.Span.CopyTo(sum.Span);
                    }
                    else
                    {
                        TensorPrimitives.Add(sum.Span, network.Gradients.Span, sum.Span);
                    }
                }

                adam.Step(network.Parameters, sum);
            }
        }

        return network;
    }

    /// <summary>The course's own loop (whole batches, mean over each batch) for the same number of epochs.</summary>
    public static DenseNetwork TrainWholeBatches(Dataset data, int epochs)
    {
        var network = CreateNetwork();
        var trainer = new Trainer(network, CreateAdam(network.Layout), data, new TrainingOptions { Epochs = epochs, BatchSize = BatchSize, ShuffleSeed = ShuffleSeed });
        trainer.Train();
        return network;
    }
}
