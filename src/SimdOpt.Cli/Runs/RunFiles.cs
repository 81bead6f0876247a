using System.Globalization;
using SimdOpt.Cli.Commands;
using SimdOpt.Optimizers;
using SimdOpt.State;
using SimdOpt.Training.Loop;
using SimdOpt.Training.Network;

namespace SimdOpt.Cli.Runs;

/// <summary>
/// What a run keeps besides its reports: a checkpoint to continue from, checkpoints written while it trains
/// (<see cref="Checkpoint"/> format: parameters, optimizer state, step count, learning rate, the epochs completed and
/// the run's weight average, plateau scheduler state and Lookahead slow weights when it has them, written atomically) and the trained weights
/// as safetensors.
/// </summary>
internal sealed record RunFiles
{
    /// <summary>The safetensors metadata key holding the layer widths, e.g. <c>2,5,2,1</c>.</summary>
    public const string LayerSizesKey = "layer_sizes";

    /// <summary>A checkpoint to continue from, or null to start afresh.</summary>
    public string? Resume { get; init; }

    /// <summary>Where to write checkpoints, or null for none.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>The epochs between two checkpoints (counted over the whole run); 0 writes one after the last epoch only.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Where to write the trained weights as safetensors, or null for nowhere.</summary>
    public string? SaveWeights { get; init; }

    /// <summary>
    /// Loads <see cref="Resume"/> into the trainer's network, optimizer, weight average, plateau scheduler and Lookahead (all as
    /// built for this run) and resumes the trainer after the epochs it had completed; does nothing when there is
    /// nothing to resume.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this run's network, optimizer and utility settings, has no epoch left to train, or ends inside a window of accumulated mini-batches (a one-line message naming the file).</exception>
    public void Restore(Trainer trainer, int epochs)
    {
        if (Resume is null)
        {
            return;
        }

        CheckpointInfo info;
        try
        {
            info = SimdOpt.State.Checkpoint.Load(Resume, trainer.Optimizer, trainer.Network.Parameters, trainer.Average, trainer.Plateau, trainer.Lookahead);
        }
        catch (StateFileException e)
        {
            throw new InvalidDataException($"{Resume}: {CommandErrors.OneLine(e.Message)}", e);
        }

        if (info.Counter < 0 || info.Counter >= epochs)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{Resume}: the checkpoint is after epoch {info.Counter}; with --epochs {epochs} nothing is left to train."));
        }

        try
        {
            trainer.ResumeAt((int)info.Counter);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{Resume}: {CommandErrors.OneLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// Throws a one-line <see cref="IOException"/> when <see cref="Checkpoint"/> or <see cref="SaveWeights"/> cannot be
    /// written (a folder, a missing folder, a name too long).
    /// </summary>
    public void CheckPaths()
    {
        OutputPaths.File("--checkpoint", Checkpoint);
        OutputPaths.File("--save-weights", SaveWeights);
    }

    /// <summary><paramref name="callbacks"/> with a checkpoint written at every save point, when <see cref="Checkpoint"/> is set.</summary>
    public TrainingCallbacks WithCheckpoints(TrainingCallbacks callbacks, Trainer trainer) => Checkpoint is null
        ? callbacks
        : callbacks with
        {
            Save = epochs => SimdOpt.State.Checkpoint.Save(Checkpoint, trainer.Optimizer, trainer.Network.Parameters, epochs, trainer.Average, trainer.Plateau, trainer.Lookahead),
            SaveInterval = CheckpointEvery,
        };

    /// <summary>Writes the trained weights to <see cref="SaveWeights"/>, when set, with the layer widths and the run in the metadata.</summary>
    public void WriteWeights(DenseNetwork network, RunPlan plan, int epochs)
    {
        if (SaveWeights is null)
        {
            return;
        }

        SafeTensors.Save(SaveWeights, network.Parameters, new Dictionary<string, string>
        {
            [LayerSizesKey] = string.Join(',', network.LayerSizes.ToArray()),
            ["activations"] = "relu (hidden), sigmoid (output)",
            ["run"] = plan.Name,
            ["epochs"] = epochs.ToString(CultureInfo.InvariantCulture),
        });
    }
}
