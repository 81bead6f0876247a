using SimdOpt.Parameters;

namespace SimdOpt.Distributed.Sharding;

/// <summary>
/// The layout of one contiguous range of a larger layout: the pieces of the tensors the range covers, in order,
/// each under its tensor's name. A tensor the range covers whole keeps its shape; a tensor the range cuts becomes a
/// one-dimensional piece of the covered length. Element <c>i</c> of the share layout is element <c>start + i</c>
/// of the whole layout, so an optimizer built over it steps exactly those elements.
/// </summary>
public static class ShareLayout
{
    /// <summary>The layout of elements <c>[start, start + length)</c> of <paramref name="layout"/>.</summary>
    /// <param name="layout">The whole layout.</param>
    /// <param name="start">The range's first element.</param>
    /// <param name="length">The range's length (0 gives a layout without tensors).</param>
    /// <returns>The share's layout; its <see cref="ParameterLayout.TotalLength"/> is <paramref name="length"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the layout.</exception>
    public static ParameterLayout For(ParameterLayout layout, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if ((long)start + length > layout.TotalLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"The range [{start}, {(long)start + length}) is not inside the layout of {layout.TotalLength} elements.");
        }

        var builder = new ParameterLayout.Builder();
        var end = start + length;
        foreach (var tensor in layout.Tensors)
        {
            var from = Math.Max(start, tensor.Offset);
            var to = Math.Min(end, tensor.Offset + tensor.Length);
            if (from >= to)
            {
                continue;
            }

            if (to - from == tensor.Length)
            {
                builder.Add(tensor.Name, [.. tensor.Shape]);
            }
            else
            {
                builder.Add(tensor.Name, to - from);
            }
        }

        return builder.Build();
    }
}
