using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdOpt.Precision;

/// <summary>
/// The bucket codes of a <see cref="DynamicMapCodec"/> in two levels small enough for AVX-512 VBMI byte permutes, to
/// encode 64 values at a time without a gather. Level one has an entry per key <c>(sign ? 32 : 0) + row</c> (the row as in
/// the codec's buckets: <c>clamp(exponent bits, 103, 128) - 103</c>): the fewest leading mantissa bits m (0..7) that cut
/// the row into sub-buckets with at most one threshold each, and where the row's 2^m level-two entries start. Level two
/// (at most 512 entries; blocks placed largest first, so none crosses a multiple of 256) holds the code of each
/// sub-bucket's smallest value, so that, as with the codec's table, <c>code(y) = c + (t_c &lt; y ? 1 : 0)</c>.
/// </summary>
internal static unsafe class CompactBuckets
{
    /// <summary>Bytes of <see cref="Create"/>'s table: four 64-byte level-one tables, then two 256-byte halves of level two.</summary>
    public const int Length = (4 * 64) + 512;

    private const int Keys = 64;

    /// <summary>Control byte base of the multishift: element j's byte sits at bit 8 * (j % 8) of its 64-bit word.</summary>
    private static Vector512<byte> ShiftBase { get; } = Vector512.Create([.. Enumerable.Range(0, 64).Select(j => (byte)(8 * (j % 8)))]);

    /// <summary>Byte 2 of each 32-bit lane of two vectors (modulo 128: the permutes read 7 bits).</summary>
    private static Vector512<byte> Byte2 { get; } = Vector512.Create([.. Enumerable.Range(0, 64).Select(j => (byte)((4 * j) + 2))]);

    /// <summary>Byte 3 of each 32-bit lane of two vectors.</summary>
    private static Vector512<byte> Byte3 { get; } = Vector512.Create([.. Enumerable.Range(0, 64).Select(j => (byte)((4 * j) + 3))]);

    /// <summary>All ones in bytes 0..31.</summary>
    private static Vector512<byte> FirstHalf { get; } = Vector512.Create([.. Enumerable.Range(0, 64).Select(j => (byte)(j < 32 ? 0xFF : 0))]);

    /// <summary>
    /// The table for <paramref name="thresholds"/> (pinned): at 0 each key's shift 7 - m, at 64 its mask 2^m - 1, at 128 the
    /// low byte of its start, at 192 0xFF when the start is 256 or more; at 256 level two.
    /// </summary>
    /// <exception cref="InvalidOperationException">A row needs more than 7 bits, or level two more than 512 entries.</exception>
    public static byte[] Create(float[] thresholds, int rows, Func<bool, int, int, int, (float Low, float High)> bounds, Func<float, int> count)
    {
        var table = GC.AllocateArray<byte>(Length, pinned: true);
        var bits = new int[Keys];
        for (var key = 0; key < Keys; key++)
        {
            if (key % 32 >= rows)
            {
                continue;
            }

            bits[key] = Enumerable.Range(0, 8).FirstOrDefault(m => Enumerable.Range(0, 1 << m).All(b => OneThresholdAtMost(bounds(key >= 32, key % 32, m, b), count)), -1);
            if (bits[key] < 0)
            {
                throw new InvalidOperationException($"Row {key % 32} of the 8-bit map needs more than 7 mantissa bits to separate its thresholds.");
            }
        }

        var start = 0;
        foreach (var key in Enumerable.Range(0, Keys).Where(k => k % 32 < rows).OrderByDescending(k => bits[k]))
        {
            var m = bits[key];
            if (start + (1 << m) > 512)
            {
                throw new InvalidOperationException("The 8-bit map needs more than 512 sub-buckets.");
            }

            table[key] = (byte)(7 - m);
            table[64 + key] = (byte)((1 << m) - 1);
            table[128 + key] = (byte)start;
            table[192 + key] = (byte)(start >= 256 ? 0xFF : 0);
            for (var b = 0; b < 1 << m; b++)
            {
                table[256 + start + b] = (byte)count(bounds(key >= 32, key % 32, m, b).Low);
            }

            start += 1 << m;
        }

        return table;
    }

    /// <summary>
    /// The codes of 64 normalised values (j = 0..15 in <paramref name="first"/>, and so on; NaN already replaced by -infinity,
    /// whose code is 0): the key and the mantissa bits from bytes 2 and 3 of each value, level one by byte permutes, the
    /// sub-bucket's m bits by a multishift, level two and then <c>t_c</c> (<see cref="BytePlanes"/>) by byte permutes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Encode64(byte* table, byte* thresholdPlanes, Vector512<float> first, Vector512<float> second, Vector512<float> third, Vector512<float> fourth)
    {
        var low = Vector512.ConditionalSelect(FirstHalf, Avx512Vbmi.PermuteVar64x8x2(first.AsByte(), Byte2, second.AsByte()), Avx512Vbmi.PermuteVar64x8x2(third.AsByte(), Byte2, fourth.AsByte()));
        var high = Vector512.ConditionalSelect(FirstHalf, Avx512Vbmi.PermuteVar64x8x2(first.AsByte(), Byte3, second.AsByte()), Avx512Vbmi.PermuteVar64x8x2(third.AsByte(), Byte3, fourth.AsByte()));
        var exponent = (high + high) | (low >>> 7);
        var row = Vector512.Min(Vector512.Max(exponent, Vector512.Create((byte)103)), Vector512.Create((byte)128)) - Vector512.Create((byte)103);
        var key = row | ((high & Vector512.Create((byte)0x80)) >>> 2);
        var shift = Avx512Vbmi.PermuteVar64x8(Vector512.Load(table), key);
        var mask = Avx512Vbmi.PermuteVar64x8(Vector512.Load(table + 64), key);
        var start = Avx512Vbmi.PermuteVar64x8(Vector512.Load(table + 128), key);
        var secondHalf = Avx512Vbmi.PermuteVar64x8(Vector512.Load(table + 192), key);
        var mantissa = low & Vector512.Create((byte)0x7F);
        var index = start + (Avx512Vbmi.MultiShift(shift + ShiftBase, mantissa.AsUInt64()) & mask);
        var upper = BytePlanes.Upper(index);
        var code = Vector512.ConditionalSelect(secondHalf, BytePlanes.Plane(table + 512, index, upper), BytePlanes.Plane(table + 256, index, upper));
        BytePlanes.Lookup64(thresholdPlanes, code, out var t0, out var t1, out var t2, out var t3);
        var above = Vector512.Create(
            Vector256.Create(Narrow(Vector512.LessThan(t0, first)), Narrow(Vector512.LessThan(t1, second))),
            Vector256.Create(Narrow(Vector512.LessThan(t2, third)), Narrow(Vector512.LessThan(t3, fourth))));
        return code - above; // above is 0xFF (-1) where t_c < y
    }

    private static bool OneThresholdAtMost((float Low, float High) bucket, Func<float, int> count) => count(bucket.High) <= count(bucket.Low) + 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Narrow(Vector512<float> mask) => Avx512F.ConvertToVector128Byte(mask.AsUInt32());
}
