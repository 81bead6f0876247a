using System.CommandLine;
using System.Globalization;
using SimdOpt.Cli.Runs;
using SimdOpt.Training.Data;
using SimdOpt.Training.Loop;
using Spectre.Console;

namespace SimdOpt.Cli.Commands;

/// <summary><c>simdopt train</c>: one run with every setting on the command line.</summary>
internal static class TrainCommand
{
    /// <summary>The most examples <c>--moons</c> generates: 10,000,000 (80 MB of features; the generator needs twice that while it works).</summary>
    public const int MaxMoons = 10_000_000;

    /// <summary>The values of <c>--state-precision</c>.</summary>
    private static readonly Dictionary<string, Precision.StatePrecision> StatePrecisions = new(StringComparer.Ordinal)
    {
        ["float32"] = Precision.StatePrecision.Float32,
        ["bfloat16"] = Precision.StatePrecision.BFloat16,
        ["8bit"] = Precision.StatePrecision.Blockwise8Bit,
    };

    /// <summary>Creates the <c>train</c> subcommand.</summary>
    public static Command Create(IAnsiConsole console, bool interactive)
    {
        var optimizer = new Option<string>("--optimizer", "-p")
        {
            Description = "The update rule.",
            DefaultValueFactory = _ => "adam",
        }.AcceptOnlyFromAmong([.. OptimizerCatalog.Names]);
        var lr = CommonOptions.AtLeast(new Option<double?>("--lr") { Description = $"Learning rate [default: {CourseSettings.LearningRate.ToString(CultureInfo.InvariantCulture)}; {CourseLineup.OtherLearningRates}]." }, 0.0);
        var hyperparameters = OptimizerCatalog.HyperparameterNames
            .Select(name => (Name: name, Option: new Option<double?>("--" + name.Replace('_', '-')) { Description = OptimizerCatalog.Describe(name) }))
            .ToArray();
        var schedule = ScheduleOption();
        var scheduleBy = new Option<string>("--schedule-by")
        {
            Description = "What --schedule counts: epochs (epoch e trains at lr(e)), optimizer steps (mini-batch t of the run trains at lr(t)) or epoch-end (the course's loop, which updates the rate after each epoch: epochs 0 and 1 train at lr(0), epoch e >= 1 at lr(e - 1)).",
            DefaultValueFactory = _ => RunPlan.CounterName(ScheduleCounter.Epoch),
        }.AcceptOnlyFromAmong([.. RunPlan.CounterNames]);
        var epochs = CommonOptions.Epochs();
        var batchSize = CommonOptions.AtLeast(new Option<int>("--batch-size", "-b") { Description = "Mini-batch size.", DefaultValueFactory = _ => 64 }, 1);
        var seed = new Option<uint>("--seed") { Description = "Shuffle seed: epoch e shuffles with numpy seed (seed + e).", DefaultValueFactory = _ => 10u };
        var initSeed = new Option<uint>("--init-seed") { Description = "numpy seed of the He initialisation.", DefaultValueFactory = _ => CourseSettings.InitializationSeed };
        var hidden = CommonOptions.Hidden();
        var statePrecision = new Option<string>("--state-precision")
        {
            Description = "How the optimizer stores its per-element state: float32, bfloat16 (round to nearest even) or 8bit (block-wise, tensors of 4,096 elements or more, or --min-8bit-size; smaller ones stay float32).",
            DefaultValueFactory = _ => "float32",
        }.AcceptOnlyFromAmong(StatePrecisions.Keys.ToArray());
        var min8BitSize = CommonOptions.AtLeast(
            new Option<int?>("--min-8bit-size")
            {
                Description = "With --state-precision 8bit: quantize tensors of at least this many elements; smaller ones keep float32 state [default: 4096, bitsandbytes' min_8bit_size; 1 quantizes every tensor].",
                HelpName = "elements",
            },
            1);
        var data = new Option<FileInfo>("--data", "-d") { Description = "CSV table instead of the course data: feature columns and a 0/1 label column (header optional; see --label-column).", HelpName = "path.csv" }.AcceptExistingFileOnly();
        var labelColumn = CommonOptions.LabelColumn();
        var moons = CommonOptions.Between(new Option<int?>("--moons") { Description = $"Generate this many two-moons examples (2 to {MaxMoons}) instead of the course data.", HelpName = "count" }, 2, MaxMoons);
        var noise = CommonOptions.AtLeast(new Option<double>("--noise") { Description = "Noise of --moons.", DefaultValueFactory = _ => 0.2 }, 0.0);
        var dataSeed = new Option<uint>("--data-seed") { Description = "numpy seed of --moons.", DefaultValueFactory = _ => 3u };
        var output = CommonOptions.Out();
        var saveWeights = new Option<string>("--save-weights") { Description = "Write the trained weights to this safetensors file (W1, b1, W2, b2, ...; 'simdopt predict' reads it).", HelpName = "file.safetensors" };
        var checkpoint = new Option<string>("--checkpoint") { Description = "Write a checkpoint (weights, optimizer state, epochs done) to this file every --checkpoint-every epochs and at the end, atomically.", HelpName = "file" };
        var checkpointEvery = CommonOptions.AtLeast(new Option<int>("--checkpoint-every") { Description = "Epochs between two checkpoints; 0 writes one at the end only.", DefaultValueFactory = _ => 1000 }, 0);
        var resume = new Option<FileInfo>("--resume") { Description = "Continue from a checkpoint written by --checkpoint with the same settings; the run ends after --epochs epochs in all.", HelpName = "file" }.AcceptExistingFileOnly();

        var command = new Command("train", "Train one network with one optimizer, every setting on the command line; print the result and write summary.json, summary.md and PNG plots.")
        {
            optimizer, lr, schedule, scheduleBy, epochs, batchSize, seed, initSeed, hidden, statePrecision, min8BitSize, data, labelColumn, moons, noise, dataSeed, output, saveWeights, checkpoint, checkpointEvery, resume,
        };
        foreach (var (_, option) in hyperparameters)
        {
            command.Options.Add(option);
        }

        var utilities = new TrainingUtilityOptions();
        utilities.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetResult(data) is not null && result.GetResult(moons) is not null)
            {
                result.AddError("Give either --data or --moons, not both.");
            }

            if (result.GetResult(min8BitSize) is not null && result.GetValue(statePrecision) != "8bit")
            {
                result.AddError("--min-8bit-size applies to 8-bit state; give --state-precision 8bit too.");
            }

            if (result.GetResult(labelColumn) is not null && result.GetResult(data) is null)
            {
                result.AddError("--label-column chooses a column of --data; give --data too.");
            }
        });

        command.SetAction(parseResult => CommandErrors.Guard(parseResult, () =>
        {
            var name = parseResult.GetValue(optimizer)!;
            var set = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (hyperparameter, option) in hyperparameters)
            {
                if (parseResult.GetValue(option) is { } value)
                {
                    set[hyperparameter] = value;
                }
            }

            var settings = new OptimizerSettings
            {
                Name = name,
                LearningRate = parseResult.GetValue(lr) ?? CourseLineup.LearningRate(name),
                Hyperparameters = set,
                StatePrecision = StatePrecisions[parseResult.GetValue(statePrecision)!],
                QuantizedTensorMinimumLength = parseResult.GetValue(min8BitSize),
            };

            var (dataset, source) = LoadData(parseResult.GetValue(data), parseResult.GetValue(labelColumn), parseResult.GetValue(moons), parseResult.GetValue(noise), parseResult.GetValue(dataSeed));

            var training = new TrainingOptions
            {
                Epochs = parseResult.GetValue(epochs),
                BatchSize = parseResult.GetValue(batchSize),
                ShuffleSeed = parseResult.GetValue(seed),
            };
            var plan = new RunPlan(settings)
            {
                Schedule = parseResult.GetValue(schedule),
                ScheduleBy = RunPlan.ParseCounter(parseResult.GetValue(scheduleBy)!),
                Files = new RunFiles
                {
                    Resume = parseResult.GetValue(resume)?.FullName,
                    Checkpoint = parseResult.GetValue(checkpoint),
                    CheckpointEvery = parseResult.GetValue(checkpointEvery),
                    SaveWeights = parseResult.GetValue(saveWeights),
                },
            };
            var experiment = new Experiment(dataset, source, [dataset.FeatureCount, .. parseResult.GetValue(hidden)!, 1], parseResult.GetValue(initSeed), training);
            return RunSession.Run(console, interactive, experiment, [utilities.Apply(parseResult, plan)], parseResult.GetValue(output)!);
        }));
        return command;
    }

    /// <summary><c>--schedule SPEC</c>: parsed into a <see cref="ScheduleSpec"/>; a bad spec is a parse error naming the problem.</summary>
    private static Option<ScheduleSpec?> ScheduleOption() => new("--schedule", "-s")
    {
        Description = "Learning-rate schedule, e.g. inverse-time:rate=1,interval=1000 (grammar below); its base rate is --lr [default: none, a constant --lr].",
        HelpName = "spec",
        CustomParser = result =>
        {
            if (ScheduleSpec.TryParse(result.Tokens[0].Value, out var spec, out var error))
            {
                return spec;
            }

            result.AddError(error);
            return null;
        },
    };

    private static (Dataset Data, string Source) LoadData(FileInfo? file, string? labelColumn, int? moons, double noise, uint seed)
    {
        if (file is not null)
        {
            return (CsvDataset.Load(file.FullName, labelColumn), file.Name);
        }

        if (moons is { } count)
        {
            return (MoonsGenerator.Generate(count, noise, seed), string.Create(CultureInfo.InvariantCulture, $"make_moons({count}, noise={noise}), numpy seed {seed}"));
        }

        return (CourseData.Load(), "course two-moons data (make_moons(300, noise=0.2), numpy seed 3)");
    }
}
