namespace SimdOpt.Parameters;

/// <summary>
/// One contiguous, zero-initialised float32 block laid out by a <see cref="ParameterLayout"/>, whose first
/// element sits on a 64-byte boundary. The block lives in a pinned array on the pinned object heap, so it
/// never moves, needs no disposal and can never be used after being freed.
/// </summary>
public sealed class ParameterBuffer
{
    /// <summary>Alignment of the first element, in bytes.</summary>
    public const int Alignment = AlignedFloats.Alignment;

    private readonly float[] _storage;
    private readonly int _start;

    /// <summary>Allocates a zeroed, 64-byte-aligned block for <paramref name="layout"/>.</summary>
    public ParameterBuffer(ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        var block = AlignedFloats.Allocate(layout.TotalLength);
        _storage = block.Array!;
        _start = block.Offset;
    }

    /// <summary>The layout that names the block's regions.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>Number of elements (<see cref="ParameterLayout.TotalLength"/>).</summary>
    public int Length => Layout.TotalLength;

    /// <summary>The whole block.</summary>
    public Span<float> Span => _storage.AsSpan(_start, Layout.TotalLength);

    /// <summary>The whole block as <see cref="Memory{T}"/>, for APIs that need to hold on to it.</summary>
    public Memory<float> Memory => _storage.AsMemory(_start, Layout.TotalLength);

    /// <summary>The view of one tensor, by name.</summary>
    /// <exception cref="KeyNotFoundException">The layout has no tensor of that name.</exception>
    public Span<float> this[string name] => this[Layout[name]];

    /// <summary>The view of one tensor of this buffer's layout.</summary>
    /// <exception cref="ArgumentException">The tensor belongs to a different layout.</exception>
    public Span<float> this[TensorInfo tensor]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(tensor);
            if ((uint)tensor.Index >= (uint)Layout.Count || !ReferenceEquals(Layout.Tensors[tensor.Index], tensor))
            {
                throw new ArgumentException($"Tensor '{tensor.Name}' is not part of this buffer's layout.", nameof(tensor));
            }

            return _storage.AsSpan(_start + tensor.Offset, tensor.Length);
        }
    }

    /// <summary>The view of the tensor at <paramref name="index"/> in <see cref="ParameterLayout.Tensors"/>.</summary>
    public Span<float> Tensor(int index) => this[Layout.Tensors[index]];

    /// <summary>A new zeroed buffer with the same layout, typically for gradients.</summary>
    public ParameterBuffer CreateSibling() => new(Layout);

    /// <summary>Copies every element of <paramref name="source"/> (same layout) into this buffer.</summary>
    /// <exception cref="ArgumentException">The layouts differ.</exception>
    public void CopyFrom(ParameterBuffer source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!Layout.Equals(source.Layout))
        {
            throw new ArgumentException("The source buffer has a different layout.", nameof(source));
        }

        source.Span.CopyTo(Span);
    }
}
