namespace SimdOpt.Testing;

/// <summary>The first element where two float spans differ.</summary>
/// <param name="Index">The element's index.</param>
/// <param name="Expected">The expected value.</param>
/// <param name="Actual">The actual value.</param>
/// <param name="UlpDistance">How far apart the two are in units in the last place (see <see cref="Bits.UlpDistance"/>).</param>
public readonly record struct FloatDifference(int Index, float Expected, float Actual, long UlpDistance)
{
    /// <summary>"element i: expected x (0xBITS), actual y (0xBITS), n ULP apart".</summary>
    public override string ToString() =>
        $"element {Index}: expected {Expected:R} (0x{BitConverter.SingleToUInt32Bits(Expected):X8}), actual {Actual:R} (0x{BitConverter.SingleToUInt32Bits(Actual):X8}), {UlpDistance} ULP apart";
}

/// <summary>Thrown by the assertions of this package; the message names the first differing element.</summary>
public sealed class BitMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BitMismatchException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BitMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public BitMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Bit-for-bit comparison of float spans.</summary>
public static class Bits
{
    /// <summary>
    /// True when <paramref name="a"/> and <paramref name="b"/> have the same bits, or are both NaN (hardware may
    /// pick different NaN payloads). +0 and -0 differ.
    /// </summary>
    public static bool Same(float a, float b) =>
        BitConverter.SingleToUInt32Bits(a) == BitConverter.SingleToUInt32Bits(b) || (float.IsNaN(a) && float.IsNaN(b));

    /// <summary>
    /// Distance in units in the last place along the ordered float line (-0 and +0 are 1 apart here, since
    /// their bits differ; a NaN is as far as its bits place it).
    /// </summary>
    public static long UlpDistance(float a, float b)
    {
        static long Ordered(float x)
        {
            var bits = BitConverter.SingleToInt32Bits(x);
            return bits < 0 ? int.MinValue - (long)bits : bits;
        }

        return Math.Abs(Ordered(a) - Ordered(b));
    }

    /// <summary>
    /// The first index where the spans differ by <see cref="Same"/>, or null when they are equal. Spans of
    /// different lengths differ at the shorter length (the missing value reads as NaN).
    /// </summary>
    public static FloatDifference? FirstDifference(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        var n = Math.Min(expected.Length, actual.Length);
        for (var i = 0; i < n; i++)
        {
            if (!Same(expected[i], actual[i]))
            {
                return new FloatDifference(i, expected[i], actual[i], UlpDistance(expected[i], actual[i]));
            }
        }

        if (expected.Length != actual.Length)
        {
            var e = n < expected.Length ? expected[n] : float.NaN;
            var a = n < actual.Length ? actual[n] : float.NaN;
            return new FloatDifference(n, e, a, UlpDistance(e, a));
        }

        return null;
    }

    /// <summary>Throws <see cref="BitMismatchException"/> unless every element has the same bits (see <see cref="Same"/>).</summary>
    /// <param name="expected">The expected values.</param>
    /// <param name="actual">The actual values.</param>
    /// <param name="what">What is compared, for the message.</param>
    public static void Equal(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        if (FirstDifference(expected, actual) is { } d)
        {
            throw new BitMismatchException(
                $"{what}: {d} (lengths: expected {expected.Length}, actual {actual.Length}).");
        }
    }

    /// <summary>Throws <see cref="BitMismatchException"/> unless every element is numerically equal (+0 equals -0) or both are NaN.</summary>
    /// <param name="expected">The expected values.</param>
    /// <param name="actual">The actual values.</param>
    /// <param name="what">What is compared, for the message.</param>
    public static void NumericallyEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        if (expected.Length != actual.Length)
        {
            throw new BitMismatchException($"{what}: expected {expected.Length} elements, got {actual.Length}.");
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (!(expected[i] == actual[i] || (float.IsNaN(expected[i]) && float.IsNaN(actual[i]))))
            {
                throw new BitMismatchException(
                    $"{what}: {new FloatDifference(i, expected[i], actual[i], UlpDistance(expected[i], actual[i]))} (of {expected.Length}).");
            }
        }
    }
}
