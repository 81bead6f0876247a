namespace SimdOpt.Reference;

/// <summary>
/// The state buffers of a reference step, each under the name the optimizer gives it
/// (<see cref="Optimizers.Optimizer.StateNames"/>, for example <c>exp_avg</c>), so a reference reads its slots by
/// name instead of by position.
/// </summary>
public sealed class ReferenceStates
{
    private readonly string[] _names;
    private readonly Memory<float>[] _buffers;

    /// <summary>Pairs each name with its buffer.</summary>
    /// <param name="names">The state names, in the optimizer's slot order.</param>
    /// <param name="buffers">One buffer per name, all as long as the parameters.</param>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    public ReferenceStates(IReadOnlyList<string> names, IReadOnlyList<Memory<float>> buffers)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(buffers);
        if (names.Count != buffers.Count)
        {
            throw new ArgumentException($"{names.Count} state names but {buffers.Count} buffers.", nameof(buffers));
        }

        _names = [.. names];
        _buffers = [.. buffers];
    }

    /// <summary>The state names, in slot order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The buffer named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No state has that name; the message lists the known ones.</exception>
    public Span<float> this[string name]
    {
        get
        {
            var slot = Array.IndexOf(_names, name);
            return slot >= 0
                ? _buffers[slot].Span
                : throw new KeyNotFoundException($"No state named '{name}'. The states: {(_names.Length == 0 ? "none" : string.Join(", ", _names))}.");
        }
    }

    /// <summary>The buffer named <paramref name="name"/>, or an empty span when the configuration has no such state (AMSGrad's maximum when AMSGrad is off).</summary>
    public Span<float> Optional(string name)
    {
        var slot = Array.IndexOf(_names, name);
        return slot >= 0 ? _buffers[slot].Span : [];
    }
}
