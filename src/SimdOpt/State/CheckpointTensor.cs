namespace SimdOpt.State;

/// <summary>One tensor of a <see cref="CheckpointHeader"/>'s layout.</summary>
internal sealed class CheckpointTensor
{
    public required string Name { get; init; }

    public required long[] Shape { get; init; }
}
