using System.Collections.ObjectModel;

namespace SimdOpt.Parameters;

/// <summary>
/// An immutable, ordered list of named tensors packed back to back in one float32 block.
/// Tensor <c>k</c> occupies <c>[Offset_k, Offset_k + Length_k)</c>; the views of two tensors never overlap.
/// </summary>
/// <example><code>
/// var layout = new ParameterLayout.Builder().Add("W1", 5, 2).Add("b1", 5, 1).Build();
/// </code></example>
public sealed class ParameterLayout : IEquatable<ParameterLayout>
{
    private readonly TensorInfo[] _tensors;
    private readonly Dictionary<string, TensorInfo> _byName;

    private ParameterLayout(TensorInfo[] tensors, int totalLength)
    {
        _tensors = tensors;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        TotalLength = totalLength;
        Tensors = new ReadOnlyCollection<TensorInfo>(tensors);
    }

    /// <summary>The tensors in block order.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>Total number of float32 elements in the block.</summary>
    public int TotalLength { get; }

    /// <summary>Number of tensors.</summary>
    public int Count => _tensors.Length;

    /// <summary>Looks a tensor up by name.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name; the message lists the first known names and their count.</exception>
    public TensorInfo this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            if (_byName.TryGetValue(name, out var info))
            {
                return info;
            }

            throw new KeyNotFoundException(
                $"The layout has no tensor named '{name}'. Known tensors: {NameSample.Of(_tensors.Select(t => t.Name), total: _tensors.Length)}.");
        }
    }

    /// <summary>Looks a tensor up by name without throwing.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TensorInfo? info)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out info);
    }

    /// <summary>Builds a layout from (name, shape) pairs in order.</summary>
    public static ParameterLayout Create(params (string Name, int[] Shape)[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var builder = new Builder();
        foreach (var (name, shape) in tensors)
        {
            builder.Add(name, shape);
        }

        return builder.Build();
    }

    /// <summary>True when both layouts have the same names and shapes in the same order.</summary>
    public bool Equals(ParameterLayout? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Count != Count)
        {
            return false;
        }

        for (var i = 0; i < _tensors.Length; i++)
        {
            if (_tensors[i].Name != other._tensors[i].Name || !_tensors[i].Shape.SequenceEqual(other._tensors[i].Shape))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ParameterLayout);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var t in _tensors)
        {
            hash.Add(t.Name, StringComparer.Ordinal);
            hash.Add(t.Length);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _tensors.Select(t => t.Name + t.ShapeText));

    /// <summary>Collects tensors in order, then freezes them into a <see cref="ParameterLayout"/>.</summary>
    public sealed class Builder
    {
        private readonly List<(string Name, int[] Shape)> _entries = [];
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);

        /// <summary>Appends a tensor.</summary>
        /// <param name="name">Unique name, not empty or white space, of well-formed UTF-16 (no lone surrogate: state files store names as UTF-8).</param>
        /// <param name="shape">Row-major shape: at least one dimension, every dimension positive.</param>
        /// <exception cref="ArgumentException">The name is empty, white space, holds a lone surrogate or is already used, or the shape is empty.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive, or the total exceeds <see cref="Array.MaxLength"/>.</exception>
        public Builder Add(string name, params int[] shape)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            NameCheck.Unicode(name, "Tensor name", nameof(name));
            ArgumentNullException.ThrowIfNull(shape);
            if (shape.Length == 0)
            {
                throw new ArgumentException($"Tensor '{name}' needs at least one dimension.", nameof(shape));
            }

            foreach (var d in shape)
            {
                if (d <= 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(shape), d, $"Tensor '{name}': every dimension must be positive, got {d}.");
                }
            }

            if (!_names.Add(name))
            {
                throw new ArgumentException($"A tensor named '{name}' is already in the layout.", nameof(name));
            }

            _entries.Add((name, (int[])shape.Clone()));
            return this;
        }

        /// <summary>Freezes the tensors added so far into a layout.</summary>
        public ParameterLayout Build()
        {
            var tensors = new TensorInfo[_entries.Count];
            long offset = 0;
            for (var i = 0; i < _entries.Count; i++)
            {
                var (name, shape) = _entries[i];
                long length = 1;
                foreach (var d in shape)
                {
                    length *= d;
                    if (length > Array.MaxLength)
                    {
                        break;
                    }
                }

                if (offset + length > Array.MaxLength - 16)
                {
                    throw new ArgumentOutOfRangeException(nameof(name), $"The layout would exceed {Array.MaxLength - 16} elements at tensor '{name}'.");
                }

                tensors[i] = new TensorInfo(i, name, shape, (int)offset, (int)length);
                offset += length;
            }

            return new ParameterLayout(tensors, (int)offset);
        }
    }
}
