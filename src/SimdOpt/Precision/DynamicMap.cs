namespace SimdOpt.Precision;

/// <summary>
/// The 8-bit dynamic quantization maps of <see cref="StatePrecision.Blockwise8Bit"/> (Dettmers' dynamic
/// data type, as bitsandbytes builds it for its 8-bit optimizers), and the thresholds that encode into them.
/// </summary>
/// <remarks>
/// Each map has 256 float32 values, sorted ascending. For decade i = 0..6 (scale <c>s_i = 10^(i - 6)</c>, the double
/// literals 1e-6, 1e-5, ..., 1) take <c>n_i</c> intervals of [0.1, 1]: boundaries <c>b_j = 0.1 + 0.9 * j / n_i</c>
/// (j = 0..n_i) and midpoints <c>(b_j + b_(j+1)) / 2</c>, all in double; each contributes <c>(float)(s_i * midpoint)</c>.
/// Signed map (first moments, momentum): <c>n_i = 2^i</c>, each value and its negation (2 * 127 values). Unsigned map
/// (second moments, accumulators): <c>n_i = 2^(i+1)</c> (254 values). Both add 0 and 1, so 256 values in all.
/// Thresholds: <c>t_k = (float)((map[k] + map[k+1]) / 2)</c> in double for k = 0..254, and <c>t_255 = +infinity</c>.
/// A normalised value y encodes to the number of thresholds below it, <c>code = #{k : t_k &lt; y}</c>: the nearest map
/// value, ties to the lower one; NaN encodes to 0.
/// </remarks>
internal static class DynamicMap
{
    private static readonly double[] DecadeScales = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0];

    /// <summary>The signed map (256 values from about -0.993 to 1).</summary>
    public static float[] Signed { get; } = Build(signed: true);

    /// <summary>The unsigned map (256 values from 0 to 1).</summary>
    public static float[] Unsigned { get; } = Build(signed: false);

    /// <summary>The thresholds of <see cref="Signed"/>.</summary>
    public static float[] SignedThresholds { get; } = Thresholds(Signed);

    /// <summary>The thresholds of <see cref="Unsigned"/>.</summary>
    public static float[] UnsignedThresholds { get; } = Thresholds(Unsigned);

    /// <summary>Encodes into and decodes from <see cref="Signed"/>.</summary>
    public static DynamicMapCodec SignedCodec { get; } = new(Signed, SignedThresholds);

    /// <summary>Encodes into and decodes from <see cref="Unsigned"/>.</summary>
    public static DynamicMapCodec UnsignedCodec { get; } = new(Unsigned, UnsignedThresholds);

    private static float[] Build(bool signed)
    {
        var values = new List<float> { 0f, 1f };
        for (var i = 0; i < DecadeScales.Length; i++)
        {
            var intervals = signed ? 1 << i : 1 << (i + 1);
            for (var j = 0; j < intervals; j++)
            {
                var low = 0.1 + (0.9 * j / intervals);
                var high = 0.1 + (0.9 * (j + 1) / intervals);
                var value = (float)(DecadeScales[i] * ((low + high) / 2));
                values.Add(value);
                if (signed)
                {
                    values.Add(-value);
                }
            }
        }

        values.Sort();
        return [.. values];
    }

    private static float[] Thresholds(float[] map)
    {
        var thresholds = new float[256];
        for (var k = 0; k < 255; k++)
        {
            thresholds[k] = (float)(((double)map[k] + map[k + 1]) / 2);
        }

        thresholds[255] = float.PositiveInfinity;
        return thresholds;
    }
}
