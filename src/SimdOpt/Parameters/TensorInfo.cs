namespace SimdOpt.Parameters;

/// <summary>
/// One named tensor of a <see cref="ParameterLayout"/>: its row-major shape and where its elements sit
/// in the layout's single contiguous block.
/// </summary>
public sealed class TensorInfo
{
    private readonly int[] _shape;

    internal TensorInfo(int index, string name, int[] shape, int offset, int length)
    {
        Index = index;
        Name = name;
        _shape = shape;
        Offset = offset;
        Length = length;
    }

    /// <summary>Position of this tensor in <see cref="ParameterLayout.Tensors"/>.</summary>
    public int Index { get; }

    /// <summary>The tensor's unique name, for example <c>W1</c>.</summary>
    public string Name { get; }

    /// <summary>The row-major shape; the product of its dimensions is <see cref="Length"/>.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Index of the tensor's first element in the layout's block.</summary>
    public int Offset { get; }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>The shape written as <c>(d0, d1, ...)</c>.</summary>
    public string ShapeText => "(" + string.Join(", ", _shape) + ")";

    /// <inheritdoc />
    public override string ToString() => $"{Name}{ShapeText} @ {Offset}";
}
