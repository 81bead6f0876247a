using System.Buffers;
using System.Numerics.Tensors;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Gradients;

/// <summary>
/// Gradient clipping in place, without allocating: by global L2 norm (PyTorch's <c>clip_grad_norm_</c>, Optax's
/// <c>clip_by_global_norm</c>) and by value (<c>clip_grad_value_</c>).
/// </summary>
/// <remarks>
/// <para>
/// <b>The norm</b> is <c>sqrt(S)</c> in double, where <c>S</c> is a sum of squares in one fixed order, the same bits on
/// every hardware path (Vector512, Vector256, Vector128, scalar): each float is squared in double (exactly);
/// partial sum <c>k</c> (k = 0..15) adds the squares of the elements at positions <c>i ≡ k (mod 16)</c> of a span in
/// increasing <c>i</c>; the 16 partials are combined by the pairwise tree <c>p[k] += p[k + w]</c> for
/// <c>w = 8, 4, 2, 1</c>, <c>k &lt; w</c>; <c>S</c> of the span is <c>p[0]</c>. Over several regions, the regions' sums are
/// added left to right from the first region's, then the square root is taken. Positions restart at 0 in each
/// region, so regions that happen to be adjacent give a sum that may differ in its last bits from the sum over
/// the one span that joins them. Relative to the exact sum of squares, the error is below about
/// <c>(n / 16 + 4) * 2^-53</c> for <c>n</c> elements; the squares cannot overflow, so the norm is finite exactly when
/// every element is.
/// </para>
/// <para>
/// <b>The scaling</b>: <c>factor = maxNorm / (norm + 1e-6)</c> in double. If <c>factor &lt; 1</c> it is rounded to
/// float once and every element of the regions is multiplied by that float (one float multiplication per element,
/// the same bits on every path); otherwise nothing is written.
/// </para>
/// <para>
/// <b>Non-finite norms</b> (some element is NaN or infinite) follow a <see cref="NonFiniteGradientPolicy"/>:
/// <see cref="NonFiniteGradientPolicy.Throw"/> throws <see cref="NonFiniteGradientException"/> (naming the first such
/// element) before writing anything; <see cref="NonFiniteGradientPolicy.Skip"/> and
/// <see cref="NonFiniteGradientPolicy.Propagate"/> leave the gradients unchanged and return the non-finite norm, so
/// the optimizer's own policy then decides what its step does.
/// </para>
/// <para>
/// Everything is validated (ranges inside the buffer, in increasing order, not overlapping; <c>maxNorm</c> in range;
/// tensor names known and distinct) before the first element is read.
/// </para>
/// </remarks>
public static class GradientClipping
{
    /// <summary>The constant added to the norm before dividing: <c>factor = maxNorm / (norm + 1e-6)</c>.</summary>
    public const double NormEpsilon = 1e-6;

    /// <summary>Up to this many tensor names, their indices live on the stack; beyond it in a pooled array.</summary>
    private const int StackIndexLimit = 256;

    /// <summary>The sum of squares of <paramref name="values"/>, in double, in the order documented on <see cref="GradientClipping"/>.</summary>
    public static double SumOfSquares(ReadOnlySpan<float> values) => Kernels.SumOfSquares.Compute(values);

    /// <summary>The L2 norm of <paramref name="values"/>: <c>Math.Sqrt(SumOfSquares(values))</c>.</summary>
    public static double GlobalNorm(ReadOnlySpan<float> values) => Math.Sqrt(Kernels.SumOfSquares.Compute(values));

    /// <summary>
    /// The L2 norm over several regions of <paramref name="buffer"/>: <c>Math.Sqrt(((S_0 + S_1) + S_2) + …)</c> with
    /// <c>S_j = SumOfSquares(buffer[regions[j]])</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A region is outside the buffer, or the regions are not in increasing order without overlap.</exception>
    public static double GlobalNorm(ReadOnlySpan<float> buffer, ReadOnlySpan<Range> regions)
    {
        CheckRegions(buffer.Length, regions);
        return Math.Sqrt(SumOver(buffer, regions));
    }

    /// <summary>Clips <paramref name="gradients"/> in place by their global L2 norm; returns the norm before clipping.</summary>
    /// <param name="gradients">The gradients, scaled in place.</param>
    /// <param name="maxNorm">The largest norm left unscaled; finite and in [0, +inf).</param>
    /// <param name="nonFinite">What to do when the norm is NaN or infinite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> or <paramref name="nonFinite"/> is out of range.</exception>
    /// <exception cref="NonFiniteGradientException">An element is NaN or infinite under <see cref="NonFiniteGradientPolicy.Throw"/>; nothing was written.</exception>
    public static double ClipByGlobalNorm(Span<float> gradients, double maxNorm, NonFiniteGradientPolicy nonFinite = NonFiniteGradientPolicy.Propagate)
    {
        CheckArguments(maxNorm, nonFinite);
        var norm = Math.Sqrt(Kernels.SumOfSquares.Compute(gradients));
        if (!double.IsFinite(norm))
        {
            ThrowIfAsked(nonFinite, gradients, null);
            return norm;
        }

        var factor = maxNorm / (norm + NormEpsilon);
        if (factor < 1.0)
        {
            TensorPrimitives.Multiply(gradients, (float)factor, gradients);
        }

        return norm;
    }

    /// <summary>
    /// Clips the <paramref name="regions"/> of <paramref name="buffer"/> in place by their joint L2 norm (as
    /// <see cref="GlobalNorm(ReadOnlySpan{float}, ReadOnlySpan{Range})"/>); returns the norm before clipping. Elements
    /// outside the regions are neither read nor written.
    /// </summary>
    /// <param name="buffer">The gradient buffer.</param>
    /// <param name="regions">Regions of <paramref name="buffer"/> in increasing order, without overlap.</param>
    /// <param name="maxNorm">The largest norm left unscaled; finite and in [0, +inf).</param>
    /// <param name="nonFinite">What to do when the norm is NaN or infinite.</param>
    /// <exception cref="ArgumentException">A region is outside the buffer, or the regions are not in increasing order without overlap.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> or <paramref name="nonFinite"/> is out of range.</exception>
    /// <exception cref="NonFiniteGradientException">An element is NaN or infinite under <see cref="NonFiniteGradientPolicy.Throw"/>; nothing was written.</exception>
    public static double ClipByGlobalNorm(Span<float> buffer, ReadOnlySpan<Range> regions, double maxNorm, NonFiniteGradientPolicy nonFinite = NonFiniteGradientPolicy.Propagate)
    {
        CheckArguments(maxNorm, nonFinite);
        CheckRegions(buffer.Length, regions);
        return ClipRegions(buffer, regions, maxNorm, nonFinite, null);
    }

    /// <summary>Clips a whole gradient buffer by its global L2 norm; returns the norm before clipping.</summary>
    /// <param name="gradients">The gradient buffer, scaled in place.</param>
    /// <param name="maxNorm">The largest norm left unscaled; finite and in [0, +inf).</param>
    /// <param name="nonFinite">What to do when the norm is NaN or infinite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> or <paramref name="nonFinite"/> is out of range.</exception>
    /// <exception cref="NonFiniteGradientException">An element is NaN or infinite under <see cref="NonFiniteGradientPolicy.Throw"/>; nothing was written. It names the tensor.</exception>
    public static double ClipByGlobalNorm(ParameterBuffer gradients, double maxNorm, NonFiniteGradientPolicy nonFinite = NonFiniteGradientPolicy.Propagate)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        CheckArguments(maxNorm, nonFinite);
        var span = gradients.Span;
        var norm = Math.Sqrt(Kernels.SumOfSquares.Compute(span));
        if (!double.IsFinite(norm))
        {
            ThrowIfAsked(nonFinite, span, gradients.Layout);
            return norm;
        }

        var factor = maxNorm / (norm + NormEpsilon);
        if (factor < 1.0)
        {
            TensorPrimitives.Multiply(span, (float)factor, span);
        }

        return norm;
    }

    /// <summary>
    /// Clips some tensors of a gradient buffer (for example one parameter group's) by their joint L2 norm; returns the
    /// norm before clipping. The tensors are taken in layout order (whatever the order of the names), each one region:
    /// the norm is <c>Math.Sqrt(((S_0 + S_1) + …))</c> over their sums of squares. Other tensors are neither read nor written.
    /// </summary>
    /// <param name="gradients">The gradient buffer.</param>
    /// <param name="tensorNames">Names of distinct tensors of the buffer's layout.</param>
    /// <param name="maxNorm">The largest norm left unscaled; finite and in [0, +inf).</param>
    /// <param name="nonFinite">What to do when the norm is NaN or infinite.</param>
    /// <exception cref="KeyNotFoundException">A name is not in the layout.</exception>
    /// <exception cref="ArgumentException">A name appears twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> or <paramref name="nonFinite"/> is out of range.</exception>
    /// <exception cref="NonFiniteGradientException">An element is NaN or infinite under <see cref="NonFiniteGradientPolicy.Throw"/>; nothing was written. It names the tensor.</exception>
    public static double ClipByGlobalNorm(ParameterBuffer gradients, IReadOnlyList<string> tensorNames, double maxNorm, NonFiniteGradientPolicy nonFinite = NonFiniteGradientPolicy.Propagate)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(tensorNames);
        CheckArguments(maxNorm, nonFinite);
        var layout = gradients.Layout;
        var count = tensorNames.Count;
        int[]? rented = null;
        var indices = count <= StackIndexLimit ? stackalloc int[count] : (rented = ArrayPool<int>.Shared.Rent(count)).AsSpan(0, count);
        try
        {
            SelectedIndices(layout, tensorNames, indices);
            return ClipTensors(gradients, indices, maxNorm, nonFinite);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="indices"/> with the layout indices of <paramref name="names"/> in layout order: one dictionary
    /// look-up per name and one sort, so n names cost O(n log n), and a repeated name shows as two equal neighbours.
    /// </summary>
    private static void SelectedIndices(ParameterLayout layout, IReadOnlyList<string> names, Span<int> indices)
    {
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = layout[names[i] ?? throw new ArgumentException($"tensorNames[{i}] is null.", nameof(names))].Index;
        }

        indices.Sort();
        for (var i = 1; i < indices.Length; i++)
        {
            if (indices[i] == indices[i - 1])
            {
                var name = layout.Tensors[indices[i]].Name;
                var first = -1;
                var second = -1;
                for (var k = 0; k < names.Count && second < 0; k++)
                {
                    if (string.Equals(names[k], name, StringComparison.Ordinal))
                    {
                        (first, second) = first < 0 ? (k, -1) : (first, k);
                    }
                }

                throw new ArgumentException($"Tensor '{name}' is named twice (at {first} and {second}); it would be scaled twice.", "tensorNames");
            }
        }
    }

    private static double ClipTensors(ParameterBuffer gradients, ReadOnlySpan<int> indices, double maxNorm, NonFiniteGradientPolicy nonFinite)
    {
        var layout = gradients.Layout;
        var span = gradients.Span;
        var sum = 0.0;
        for (var i = 0; i < indices.Length; i++)
        {
            var tensor = layout.Tensors[indices[i]];
            var s = Kernels.SumOfSquares.Compute(span.Slice(tensor.Offset, tensor.Length));
            sum = i == 0 ? s : sum + s;
        }

        var norm = Math.Sqrt(sum);
        if (!double.IsFinite(norm))
        {
            foreach (var index in indices)
            {
                var tensor = layout.Tensors[index];
                ThrowIfAsked(nonFinite, span.Slice(tensor.Offset, tensor.Length), layout, tensor.Offset);
            }

            return norm;
        }

        var factor = maxNorm / (norm + NormEpsilon);
        if (factor < 1.0)
        {
            var scale = (float)factor;
            foreach (var index in indices)
            {
                var tensor = layout.Tensors[index];
                var slice = span.Slice(tensor.Offset, tensor.Length);
                TensorPrimitives.Multiply(slice, scale, slice);
            }
        }

        return norm;
    }

    /// <summary>
    /// Clamps every element of <paramref name="gradients"/> to <c>[-clipValue, clipValue]</c> in place (PyTorch's
    /// <c>clip_grad_value_</c>). Infinities become <c>±clipValue</c>; NaN stays NaN; <c>-0</c> and <c>+0</c> keep their sign.
    /// </summary>
    /// <param name="gradients">The gradients, clamped in place.</param>
    /// <param name="clipValue">The bound; finite and in [0, +inf).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> is negative, NaN or infinite.</exception>
    public static void ClipByValue(Span<float> gradients, float clipValue)
    {
        if (!(clipValue >= 0) || float.IsInfinity(clipValue))
        {
            throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, $"clipValue must be finite and in [0, +inf); got {clipValue}.");
        }

        TensorPrimitives.Clamp(gradients, -clipValue, clipValue, gradients);
    }

    private static double SumOver(ReadOnlySpan<float> buffer, ReadOnlySpan<Range> regions)
    {
        var sum = 0.0;
        for (var j = 0; j < regions.Length; j++)
        {
            var (offset, length) = regions[j].GetOffsetAndLength(buffer.Length);
            var s = Kernels.SumOfSquares.Compute(buffer.Slice(offset, length));
            sum = j == 0 ? s : sum + s;
        }

        return sum;
    }

    private static double ClipRegions(Span<float> buffer, ReadOnlySpan<Range> regions, double maxNorm, NonFiniteGradientPolicy nonFinite, ParameterLayout? layout)
    {
        var norm = Math.Sqrt(SumOver(buffer, regions));
        if (!double.IsFinite(norm))
        {
            foreach (var region in regions)
            {
                var (offset, length) = region.GetOffsetAndLength(buffer.Length);
                ThrowIfAsked(nonFinite, buffer.Slice(offset, length), layout, offset);
            }

            return norm;
        }

        var factor = maxNorm / (norm + NormEpsilon);
        if (factor < 1.0)
        {
            var scale = (float)factor;
            foreach (var region in regions)
            {
                var slice = buffer[region];
                TensorPrimitives.Multiply(slice, scale, slice);
            }
        }

        return norm;
    }

    private static void CheckArguments(double maxNorm, NonFiniteGradientPolicy nonFinite)
    {
        Check.NonNegative(maxNorm, nameof(maxNorm));
        // A range check rather than Enum.IsDefined, whose shared reflection cache may be rebuilt (and allocate) on any call.
        if (nonFinite is not (NonFiniteGradientPolicy.Propagate or NonFiniteGradientPolicy.Skip or NonFiniteGradientPolicy.Throw))
        {
            throw new ArgumentOutOfRangeException(nameof(nonFinite), nonFinite, "Unknown non-finite gradient policy.");
        }
    }

    private static void CheckRegions(int bufferLength, ReadOnlySpan<Range> regions)
    {
        var previousEnd = 0;
        for (var j = 0; j < regions.Length; j++)
        {
            var start = regions[j].Start.GetOffset(bufferLength);
            var end = regions[j].End.GetOffset(bufferLength);
            if (start < 0 || end < start || end > bufferLength)
            {
                throw new ArgumentException($"regions[{j}] = {regions[j]} is not a range inside the buffer of {bufferLength} elements.", nameof(regions));
            }

            if (start < previousEnd)
            {
                throw new ArgumentException($"regions[{j}] = {regions[j]} starts before the end of the region before it ({previousEnd}); regions must be in increasing order without overlap.", nameof(regions));
            }

            previousEnd = end;
        }
    }

    /// <summary>Under <see cref="NonFiniteGradientPolicy.Throw"/>, throws for the first non-finite element of <paramref name="values"/>, if any.</summary>
    private static void ThrowIfAsked(NonFiniteGradientPolicy policy, ReadOnlySpan<float> values, ParameterLayout? layout, int offset = 0)
    {
        if (policy != NonFiniteGradientPolicy.Throw)
        {
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                var index = offset + i;
                string? tensorName = null;
                if (layout is not null)
                {
                    foreach (var tensor in layout.Tensors)
                    {
                        if (tensor.Offset <= index && index < tensor.Offset + tensor.Length)
                        {
                            tensorName = tensor.Name;
                        }
                    }
                }

                throw new NonFiniteGradientException(index, values[i], tensorName);
            }
        }
    }
}
