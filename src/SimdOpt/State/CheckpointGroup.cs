using System.Text.Json;

namespace SimdOpt.State;

/// <summary>One parameter group of a <see cref="CheckpointHeader"/>: its name, rate scale, options and the tensors it owns.</summary>
internal sealed class CheckpointGroup
{
    public required string Name { get; init; }

    public required double LearningRateScale { get; init; }

    public required JsonElement Options { get; init; }

    public required List<string> Tensors { get; init; }
}
