using System.Globalization;
using System.Text.Json;
using SimdOpt.Averaging;
using SimdOpt.Schedules;
using SimdOpt.State;

namespace SimdOpt.Cli.Runs;

/// <summary>
/// What a checkpoint of a run does not hold itself, written beside it at every save point and read back on resume:
/// the running average of the weights (<c>FILE.ema.safetensors</c>: the average, with the epochs completed and the
/// update count in its metadata) and the plateau scheduler's state (<c>FILE.plateau.json</c>: every number as the
/// string of its shortest round-trip form, so infinities and every bit survive). Each is written atomically; the
/// epochs recorded in each must equal the checkpoint's.
/// </summary>
internal static class RunSidecars
{
    private const string EpochsKey = "epochs";
    private const string CountKey = "count";

    /// <summary>The file holding the average of the weights saved beside <paramref name="checkpoint"/>.</summary>
    public static string AverageFile(string checkpoint) => checkpoint + ".ema.safetensors";

    /// <summary>The file holding the plateau scheduler's state saved beside <paramref name="checkpoint"/>.</summary>
    public static string PlateauFile(string checkpoint) => checkpoint + ".plateau.json";

    /// <summary>Writes the sidecars the run needs (none without an average or a plateau scheduler).</summary>
    public static void Save(string checkpoint, WeightAverage? average, ReduceLearningRateOnPlateau? plateau, int epochs)
    {
        if (average is not null)
        {
            SafeTensors.Save(AverageFile(checkpoint), average.Average, new Dictionary<string, string>
            {
                [EpochsKey] = Text(epochs),
                [CountKey] = Text(average.Count),
            });
        }

        if (plateau is not null)
        {
            var state = plateau.State;
            var path = PlateauFile(checkpoint);
            var temporary = path + ".tmp";
            using (var stream = File.Create(temporary))
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteString(EpochsKey, Text(epochs));
                json.WriteString("learning_rate", Text(state.LearningRate));
                json.WriteString("best", Text(state.Best));
                json.WriteString("bad_epochs", Text(state.BadEpochs));
                json.WriteString("cooldown_counter", Text(state.CooldownCounter));
                json.WriteString("observed", Text(state.Epochs));
                json.WriteEndObject();
            }

            File.Move(temporary, path, overwrite: true);
        }
    }

    /// <summary>Restores the sidecars the run needs, checking that they were written with the checkpoint of <paramref name="epochs"/> epochs.</summary>
    /// <exception cref="InvalidDataException">A sidecar is missing, malformed, of another save point or out of range (a one-line message naming the file).</exception>
    public static void Restore(string checkpoint, WeightAverage? average, ReduceLearningRateOnPlateau? plateau, long epochs)
    {
        if (average is not null)
        {
            var path = AverageFile(checkpoint);
            Guarded(path, () =>
            {
                var scratch = new SimdOpt.Parameters.ParameterBuffer(average.Average.Layout);
                var metadata = SafeTensors.Load(path, scratch);
                CheckEpochs(path, Long(metadata, EpochsKey), epochs);
                average.Restore(scratch, Long(metadata, CountKey));
            });
        }

        if (plateau is not null)
        {
            var path = PlateauFile(checkpoint);
            Guarded(path, () =>
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                var values = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
                CheckEpochs(path, Long(values, EpochsKey), epochs);
                plateau.Restore(new PlateauState(Double(values, "learning_rate"), Double(values, "best"), Long(values, "bad_epochs"), Long(values, "cooldown_counter"), Long(values, "observed")));
            });
        }
    }

    private static void Guarded(string path, Action restore)
    {
        try
        {
            restore();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or StateFileException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: {Commands.CommandErrors.OneLine(e.Message)}", e);
        }
    }

    private static void CheckEpochs(string path, long written, long expected)
    {
        if (written != expected)
        {
            throw new InvalidDataException($"{path} was written after epoch {written}, the checkpoint after epoch {expected}.");
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static long Long(IReadOnlyDictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{key}' is missing or not a whole number.");

    private static double Double(IReadOnlyDictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{key}' is missing or not a number.");
}
