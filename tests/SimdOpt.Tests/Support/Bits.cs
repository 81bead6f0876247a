namespace SimdOpt.Tests.Support;

/// <summary>Bit-for-bit comparison of float spans, with a report of the first difference.</summary>
public static class Bits
{
    /// <summary>
    /// Throws unless every element has the same bits. Any NaN equals any NaN (hardware may pick different
    /// payloads); +0 and -0 differ.
    /// </summary>
    public static void Equal(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (!Same(expected[i], actual[i]))
            {
                throw new Xunit.Sdk.XunitException(
                    $"{what}: element {i} of {expected.Length} differs: expected {expected[i]:R} (0x{BitConverter.SingleToUInt32Bits(expected[i]):X8}), actual {actual[i]:R} (0x{BitConverter.SingleToUInt32Bits(actual[i]):X8}), {UlpDistance(expected[i], actual[i])} ULP apart.");
            }
        }
    }

    /// <summary>Throws unless every element is numerically equal (so +0 equals -0) or both are NaN.</summary>
    public static void NumericallyEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (!(expected[i] == actual[i] || (float.IsNaN(expected[i]) && float.IsNaN(actual[i]))))
            {
                throw new Xunit.Sdk.XunitException(
                    $"{what}: element {i} of {expected.Length} differs: expected {expected[i]:R}, actual {actual[i]:R}, {UlpDistance(expected[i], actual[i])} ULP apart.");
            }
        }
    }

    public static bool Same(float a, float b) =>
        BitConverter.SingleToUInt32Bits(a) == BitConverter.SingleToUInt32Bits(b) || (float.IsNaN(a) && float.IsNaN(b));

    /// <summary>Distance in units in the last place along the ordered float line.</summary>
    public static long UlpDistance(float a, float b)
    {
        static long Ordered(float x)
        {
            var bits = BitConverter.SingleToInt32Bits(x);
            return bits < 0 ? int.MinValue - (long)bits : bits;
        }

        return Math.Abs(Ordered(a) - Ordered(b));
    }
}
