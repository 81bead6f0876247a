using System.Globalization;
using System.Text.Json.Serialization;
using SimdOpt.Schedules;

namespace SimdOpt.State;

/// <summary>
/// The optional <c>plateau</c> member of a <see cref="CheckpointHeader"/>: a <see cref="ReduceLearningRateOnPlateau"/>'s
/// settings (<c>mode</c>, <c>factor</c>, <c>patience</c>, <c>threshold</c>, <c>threshold_mode</c>, <c>cooldown</c>,
/// <c>min_learning_rate</c>, <c>eps</c>) and its <see cref="PlateauState"/> (<c>learning_rate</c>, <c>best</c>,
/// <c>bad_epochs</c>, <c>cooldown_counter</c>, <c>epochs</c>). Numbers are JSON numbers in their shortest round-trip
/// form, so every bit survives; <c>best</c> alone may also be the string <c>"Infinity"</c> or <c>"-Infinity"</c>
/// (before the first improvement; <see cref="BestMetricJsonConverter"/>). The modes are their enum names.
/// </summary>
internal sealed record CheckpointPlateau
{
    private const string Where = "plateau";

    public required string Mode { get; init; }

    public required double Factor { get; init; }

    public required long Patience { get; init; }

    public required double Threshold { get; init; }

    public required string ThresholdMode { get; init; }

    public required long Cooldown { get; init; }

    public required double MinLearningRate { get; init; }

    public required double Eps { get; init; }

    public required double LearningRate { get; init; }

    /// <summary>The best metric so far; ±Infinity are the strings <c>"Infinity"</c> and <c>"-Infinity"</c>.</summary>
    [JsonConverter(typeof(BestMetricJsonConverter))]
    public required double Best { get; init; }

    public required long BadEpochs { get; init; }

    public required long CooldownCounter { get; init; }

    public required long Epochs { get; init; }

    public static CheckpointPlateau From(ReduceLearningRateOnPlateau plateau)
    {
        var state = plateau.State;
        return new()
        {
            Mode = plateau.Mode.ToString(),
            Factor = plateau.Factor,
            Patience = plateau.Patience,
            Threshold = plateau.Threshold,
            ThresholdMode = plateau.ThresholdMode.ToString(),
            Cooldown = plateau.Cooldown,
            MinLearningRate = plateau.MinLearningRate,
            Eps = plateau.Eps,
            LearningRate = state.LearningRate,
            Best = state.Best,
            BadEpochs = state.BadEpochs,
            CooldownCounter = state.CooldownCounter,
            Epochs = state.Epochs,
        };
    }

    /// <summary>The saved scheduler state (its ranges are checked against a target by <see cref="ReduceLearningRateOnPlateau.CheckRestorable"/>).</summary>
    public PlateauState State() => new(LearningRate, Best, BadEpochs, CooldownCounter, Epochs);

    /// <summary>
    /// Throws a <see cref="StateFileFormatException"/> for what the JSON types cannot say: a mode that is no enum name, a
    /// number beyond the double range (read as an infinity).
    /// </summary>
    public void Check()
    {
        CheckName<PlateauMode>(Mode, "mode");
        CheckName<PlateauThresholdMode>(ThresholdMode, "threshold_mode");
        Finite.Check(Where, "factor", Factor);
        Finite.Check(Where, "threshold", Threshold);
        Finite.Check(Where, "min_learning_rate", MinLearningRate);
        Finite.Check(Where, "eps", Eps);
        Finite.Check(Where, "learning_rate", LearningRate);
    }

    /// <summary>Adds a line to <paramref name="differences"/> for every setting the target does not share.</summary>
    public void Compare(ReduceLearningRateOnPlateau target, List<string> differences)
    {
        Same("mode", Mode, target.Mode.ToString(), differences);
        Same("factor", Factor, target.Factor, differences);
        Same("patience", Patience, target.Patience, differences);
        Same("threshold", Threshold, target.Threshold, differences);
        Same("threshold_mode", ThresholdMode, target.ThresholdMode.ToString(), differences);
        Same("cooldown", Cooldown, target.Cooldown, differences);
        Same("min_learning_rate", MinLearningRate, target.MinLearningRate, differences);
        Same("eps", Eps, target.Eps, differences);
    }

    private static void CheckName<T>(string text, string key)
        where T : struct, Enum
    {
        if (Array.IndexOf(Enum.GetNames<T>(), text) < 0)
        {
            var clipped = text.Length <= 40 ? text : text[..40] + "...";
            throw new StateFileFormatException($"{Where}.{key} must be one of {string.Join(", ", Enum.GetNames<T>())}; got '{clipped}'.");
        }
    }

    private static void Same(string key, double file, double target, List<string> differences)
    {
        if (BitConverter.DoubleToInt64Bits(file) != BitConverter.DoubleToInt64Bits(target))
        {
            differences.Add($"{Where}: {key} is {file:R} in the checkpoint, {target:R} in the target");
        }
    }

    private static void Same(string key, string file, string target, List<string> differences)
    {
        if (file != target)
        {
            differences.Add($"{Where}: {key} is {file} in the checkpoint, {target} in the target");
        }
    }

    private static void Same(string key, long file, long target, List<string> differences) =>
        Same(key, file.ToString(CultureInfo.InvariantCulture), target.ToString(CultureInfo.InvariantCulture), differences);
}
