using System.Text;

namespace SimdOpt.Parameters;

/// <summary>
/// The check every name that goes into a state file passes when it is given (tensor names, group names, safetensors
/// metadata): state files store names as UTF-8, which cannot hold a lone UTF-16 surrogate, so such a name would be
/// written as U+FFFD and the file would no longer match what wrote it.
/// </summary>
internal static class NameCheck
{
    /// <summary>Throws unless <paramref name="value"/> is non-null, well-formed UTF-16 text.</summary>
    /// <param name="value">The name.</param>
    /// <param name="what">What the name is, for the message (for example "Tensor name").</param>
    /// <param name="parameterName">The argument's name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> holds a lone surrogate.</exception>
    public static void Unicode(string? value, string what, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        var index = 0;
        while (index < value.Length)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(index), out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                throw new ArgumentException(
                    $"{what} '{Escaped(value)}' holds a lone surrogate (U+{(int)value[index]:X4} at index {index}); state files store names as UTF-8, which cannot represent it.",
                    parameterName);
            }

            index += consumed;
        }
    }

    private static string Escaped(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value.Length <= 64 ? value : value[..64])
        {
            _ = char.IsSurrogate(c) ? text.Append($"\\u{(int)c:X4}") : text.Append(c);
        }

        return value.Length <= 64 ? text.ToString() : text.Append("...").ToString();
    }
}
