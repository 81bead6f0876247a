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
            Description = "CSV file of x1,x2,label lines (header optional) to predict.",
            HelpName = "path.csv",
            Required = true,
        }.AcceptExistingFileOnly();
        var hidden = CommonOptions.Hidden();
        var output = new Option<string>("--out", "-o")
        {
            Description = $"Folder for {PredictionsFile} (x1,x2,label,probability,prediction) and {BoundaryFile} (created if missing).",
            DefaultValueFactory = _ => CommonOptions.DefaultOutputFolder,
            HelpName = "folder",
        };

        var command = new Command("predict", "Load a trained network's weights, print its accuracy on a CSV data set and write the predictions and a decision-boundary PNG.")
        {
            weights, data, hidden, output,
        };
        command.SetAction(parseResult => CommandErrors.Guard(parseResult, () =>
        {
            var folder = parseResult.GetValue(output)!;
            int[] layerSizes = [2, .. parseResult.GetValue(hidden)!, 1];
            NetworkSize.Check(layerSizes, 1);
            OutputPaths.Folder("--out", folder);
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

            var dataFile = parseResult.GetValue(data)!;
            var dataset = CsvDataset.Load(dataFile.FullName);
            var probabilities = new float[dataset.Count];
            Prediction.Probabilities(network, dataset.Features, dataset.Count, probabilities);
            var accuracy = Prediction.Accuracy(network, dataset);

            File.WriteAllText(Path.Combine(folder, PredictionsFile), PredictionsCsv(dataset, probabilities));
            PlotFiles.WriteBoundary(Path.Combine(folder, BoundaryFile), network, $"{weightsFile.Name} on {dataFile.Name}: accuracy {accuracy.ToString("F3", CultureInfo.InvariantCulture)}", dataset);

            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy {accuracy:F4} on {dataset.Count} examples of {dataFile.Name} (network {string.Join('-', network.LayerSizes.ToArray())})"));
            console.WriteLine($"Wrote {PredictionsFile}, {BoundaryFile} to {Path.GetFullPath(folder)}");
            return 0;
        }));
        return command;
    }

    /// <summary>One line per example: its features, label, the predicted probability of label 1 and the prediction (probability &gt; 0.5).</summary>
    private static string PredictionsCsv(Dataset dataset, ReadOnlySpan<float> probabilities)
    {
        var text = new StringBuilder("x1,x2,label,probability,prediction\n");
        for (var j = 0; j < dataset.Count; j++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{dataset.Feature(0)[j]:R},{dataset.Feature(1)[j]:R},{dataset.Labels[j]:R},{probabilities[j]:R},{(probabilities[j] > 0.5f ? 1 : 0)}\n");
        }

        return text.ToString();
    }
}
