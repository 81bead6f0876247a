using System.CommandLine;
using System.Globalization;
using System.Text;
using SimdOpt.Cli.Plots;
using SimdOpt.Cli.Runs;
using SimdOpt.State;
using SimdOpt.Training.Data;
using SimdOpt.Training.Network;
using Spectre.Console;

namespace SimdOpt.Cli.Commands;

/// <summary><c>simdopt predict</c>: a saved network's predictions, accuracy and decision boundary on a CSV data set.</summary>
internal static class PredictCommand
{
    /// <summary>The predictions file written into the output folder.</summary>
    public const string PredictionsFile = "predictions.csv";

    /// <summary>The decision-boundary plot written into the output folder.</summary>
    public const string BoundaryFile = "boundary.png";

    /// <summary>Creates the <c>predict</c> subcommand.</summary>
    public static Command Create(IAnsiConsole console)
    {
        var weights = new Option<FileInfo>("--weights", "-w")
        {
            Description = "The weights, as written by 'train --save-weights' (safetensors: W1, b1, W2, b2, ...).",
            HelpName = "file.safetensors",
            Required = true,
        }.AcceptExistingFileOnly();
        var data = new Option<FileInfo>("--data", "-d")
        {
            Description = "CSV table to predict: feature columns and a 0/1 label column (header optional; see --label-column).",
            HelpName = "path.csv",
            Required = true,
        }.AcceptExistingFileOnly();
        var labelColumn = CommonOptions.LabelColumn();
        var hidden = CommonOptions.Hidden();
        var output = new Option<string>("--out", "-o")
        {
            Description = $"Folder for {PredictionsFile} (the features, label, probability, prediction) and {BoundaryFile} (two features only; created if missing).",
            DefaultValueFactory = _ => CommonOptions.DefaultOutputFolder,
            HelpName = "folder",
        };

        var command = new Command("predict", "Load a trained network's weights, print its accuracy on a CSV data set and write the predictions and a decision-boundary PNG.")
        {
            weights, data, labelColumn, hidden, output,
        };
        command.SetAction(parseResult => CommandErrors.Guard(parseResult, () =>
        {
            var folder = parseResult.GetValue(output)!;
            var dataFile = parseResult.GetValue(data)!;
            var table = CsvDataset.LoadTable(dataFile.FullName, parseResult.GetValue(labelColumn));
            var dataset = table.Data;
            int[] layerSizes = [dataset.FeatureCount, .. parseResult.GetValue(hidden)!, 1];
            NetworkSize.Check(layerSizes, 1);
            var network = new DenseNetwork(layerSizes);
            var weightsFile = parseResult.GetValue(weights)!;
            try
            {
                SafeTensors.Load(weightsFile.FullName, network.Parameters);
            }
            catch (StateFileException e)
            {
                throw new InvalidDataException($"{weightsFile.Name}: {CommandErrors.OneLine(e.Message)}", e);
            }

            OutputPaths.Folder("--out", folder);
            var probabilities = new float[dataset.Count];
            Prediction.Probabilities(network, dataset.Features, dataset.Count, probabilities);
            var accuracy = Prediction.Accuracy(network, dataset);

            File.WriteAllText(Path.Combine(folder, PredictionsFile), PredictionsCsv(table, probabilities));
            var boundary = PlotFiles.DrawsBoundaries(dataset);
            if (boundary)
            {
                PlotFiles.WriteBoundary(Path.Combine(folder, BoundaryFile), network, $"{weightsFile.Name} on {dataFile.Name}: accuracy {accuracy.ToString("F3", CultureInfo.InvariantCulture)}", dataset);
            }

            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy {accuracy:F4} on {dataset.Count} examples of {dataFile.Name} (network {string.Join('-', network.LayerSizes.ToArray())})"));
            console.WriteLine($"Wrote {(boundary ? $"{PredictionsFile}, {BoundaryFile}" : PredictionsFile)} to {Path.GetFullPath(folder)}");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// One line per example: its features, label, the predicted probability of label 1 and the prediction (probability &gt; 0.5),
    /// under a header of the table's column names, so <c>--label-column</c> with the label's name reads the file back.
    /// </summary>
    private static string PredictionsCsv(CsvTable table, ReadOnlySpan<float> probabilities)
    {
        var dataset = table.Data;
        var text = new StringBuilder().AppendJoin(',', table.FeatureNames).Append(',').Append(table.LabelName).Append(",probability,prediction\n");
        for (var j = 0; j < dataset.Count; j++)
        {
            for (var f = 0; f < dataset.FeatureCount; f++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{dataset.Feature(f)[j]:R},");
            }

            text.Append(CultureInfo.InvariantCulture, $"{dataset.Labels[j]:R},{probabilities[j]:R},{(probabilities[j] > 0.5f ? 1 : 0)}\n");
        }

        return text.ToString();
    }
}
