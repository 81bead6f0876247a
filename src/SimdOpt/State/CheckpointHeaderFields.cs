using System.Text.Json;
using System.Text.Json.Serialization;

namespace SimdOpt.State;

/// <summary>
/// The top-level members of a checkpoint header (keys in snake_case), read by the source-generated strict
/// <see cref="CheckpointHeaderJsonContext"/>: a key not listed here, or a key given twice, is rejected by the
/// reader itself. A member absent from the file stays <see cref="JsonValueKind.Undefined"/>; the checks of each
/// value's type and range follow in <see cref="Checkpoint"/>.
/// </summary>
internal sealed class CheckpointHeaderFields
{
    public JsonElement Kind { get; set; }

    public JsonElement Options { get; set; }

    public JsonElement Groups { get; set; }

    public JsonElement Layout { get; set; }

    public JsonElement States { get; set; }

    public JsonElement HasParameters { get; set; }

    public JsonElement StepCount { get; set; }

    public JsonElement LearningRate { get; set; }

    public JsonElement Counter { get; set; }

    public JsonElement NonFiniteGradients { get; set; }

    public JsonElement ScalarState { get; set; }

    /// <summary>Reads the members of a header's root object; an unknown or repeated key is a <see cref="StateFileFormatException"/>.</summary>
    public static CheckpointHeaderFields Read(JsonElement root)
    {
        try
        {
            return root.Deserialize(CheckpointHeaderJsonContext.Default.CheckpointHeaderFields)!;
        }
        catch (JsonException e)
        {
            throw new StateFileFormatException($"The checkpoint header's keys are not the header's own: {e.Message}", e);
        }
    }

    /// <summary>A required member: throws, naming it, when the file lacks it.</summary>
    public static JsonElement Required(JsonElement value, string name) =>
        value.ValueKind != JsonValueKind.Undefined
            ? value
            : throw new StateFileFormatException($"The checkpoint header has no '{name}'.");
}

/// <summary>Strict source-generated reader of <see cref="CheckpointHeaderFields"/>: unknown members and duplicate keys are errors.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(CheckpointHeaderFields))]
internal sealed partial class CheckpointHeaderJsonContext : JsonSerializerContext;
