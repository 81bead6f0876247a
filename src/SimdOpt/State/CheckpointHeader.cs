using System.Text.Json;
using System.Text.Json.Serialization;

namespace SimdOpt.State;

/// <summary>
/// A checkpoint header (keys in snake_case, in this order), written and read by the source-generated strict
/// <see cref="CheckpointHeaderJsonContext"/>: on every level a key the format does not define, a key given twice, a
/// missing key, a null or a value of the wrong JSON type is rejected by the reader itself. The checks of ranges and
/// names follow in <see cref="Checkpoint"/>. <see cref="Options"/> and the groups' options stay JSON: they are compared
/// key by key with the target's options. <see cref="Average"/>, <see cref="Plateau"/> and <see cref="Lookahead"/> are
/// optional: files written before they existed load as before.
/// </summary>
internal sealed class CheckpointHeader
{
    public required string Kind { get; init; }

    public required JsonElement Options { get; init; }

    public required List<CheckpointGroup> Groups { get; init; }

    public required List<CheckpointTensor> Layout { get; init; }

    public required List<string> States { get; init; }

    public required bool HasParameters { get; init; }

    public required long StepCount { get; init; }

    public required double LearningRate { get; init; }

    public required long Counter { get; init; }

    public required string NonFiniteGradients { get; init; }

    /// <summary>
    /// Each scalar state's name and exact value, in the rule's order (an ordered dictionary keeps the order of the file's
    /// members when it is read and the rule's order when it is written); absent when the rule has none.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OrderedDictionary<string, double>? ScalarState { get; init; }

    /// <summary>A weight average saved with the optimizer; absent when none was.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CheckpointAverage? Average { get; init; }

    /// <summary>A plateau scheduler's settings and state saved with the optimizer; absent when none was.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CheckpointPlateau? Plateau { get; init; }

    /// <summary>A Lookahead's settings saved with the optimizer; absent when none was.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CheckpointLookahead? Lookahead { get; init; }

    /// <summary>Writes the header as UTF-8 JSON.</summary>
    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, CheckpointHeaderJsonContext.Default.CheckpointHeader);

    /// <summary>Reads a header's root object; anything the format does not allow is a <see cref="StateFileFormatException"/>.</summary>
    public static CheckpointHeader Read(JsonElement root)
    {
        try
        {
            return root.Deserialize(CheckpointHeaderJsonContext.Default.CheckpointHeader)
                ?? throw new StateFileFormatException("The checkpoint header is null.");
        }
        catch (JsonException e)
        {
            throw new StateFileFormatException($"The checkpoint header does not follow the format: {e.Message}", e);
        }
    }
}

/// <summary>The strict source-generated writer and reader of <see cref="CheckpointHeader"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(CheckpointHeader))]
internal sealed partial class CheckpointHeaderJsonContext : JsonSerializerContext;
