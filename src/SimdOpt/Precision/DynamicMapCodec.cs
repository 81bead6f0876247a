using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdOpt.Precision;

/// <summary>
/// Converts between float32 values and the codes of one <see cref="DynamicMap"/>. Decoding: <c>x = map[code] * scale</c>.
/// Encoding a piece: <c>y = absmax &gt; 0 ? x / absmax : 0</c> (float32 division), then <c>code = #{k : t_k &lt; y}</c>
/// over the map's thresholds, found in two loads instead of a search. The float32 bit pattern's upper 16 bits (sign, exponent and the
/// first 7 mantissa bits) name a bucket of consecutive floats; the table holds the code of each bucket's smallest value,
/// and since no bucket spans two thresholds (the maps' closest thresholds lie more than one bucket apart; the constructor
/// checks it) <c>code(y) = c + (t_c &lt; y ? 1 : 0)</c> with <c>c</c> the bucket's entry. NaN encodes to 0.
/// With AVX2 both directions run 8 elements at a time (gathers from the tables); every path gives the same codes and values.
/// </summary>
internal sealed unsafe class DynamicMapCodec
{
    private const int BucketCount = 1 << 16;

    private readonly float[] _map;
    private readonly float[] _thresholds;

    // One int per bucket, so a gather reads each entry whole (a bucket's code is at most 255).
    private readonly int[] _bucketCodes;

    /// <summary>Builds the codec of <paramref name="map"/> (256 ascending values) and its <paramref name="thresholds"/> (256 ascending, the last +infinity).</summary>
    public DynamicMapCodec(float[] map, float[] thresholds)
    {
        _map = GC.AllocateArray<float>(map.Length, pinned: true);
        map.CopyTo(_map, 0);
        _thresholds = GC.AllocateArray<float>(thresholds.Length, pinned: true);
        thresholds.CopyTo(_thresholds, 0);
        _bucketCodes = GC.AllocateArray<int>(BucketCount, pinned: true);
        for (var bucket = 0; bucket < BucketCount; bucket++)
        {
            if (Bound(bucket, highest: false) is not float low)
            {
                continue; // only NaNs: the NaN test in Encode gives them 0
            }

            var code = Count(thresholds, low);
            var high = Bound(bucket, highest: true)!.Value;
            if (Count(thresholds, high) > code + 1)
            {
                throw new InvalidOperationException($"The 8-bit map has two thresholds within the floats [{low}, {high}]; the bucket table cannot encode it.");
            }

            _bucketCodes[bucket] = code;
        }
    }

    /// <summary><c>#{k : thresholds[k] &lt; y}</c>, or 0 for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Encode(float y)
    {
        var code = _bucketCodes[BitConverter.SingleToUInt32Bits(y) >> 16];
        code += _thresholds[code] < y ? 1 : 0;
        return (byte)(float.IsNaN(y) ? 0 : code);
    }

    /// <summary>Writes the code of <c>absmax &gt; 0 ? values[j] / absmax : 0</c> to <c>codes[j]</c> for every j.</summary>
    public void Quantize(ReadOnlySpan<float> values, float absmax, Span<byte> codes)
    {
        if (!(absmax > 0f))
        {
            codes[..values.Length].Fill(Encode(0f));
            return;
        }

        Span<float> normalised = stackalloc float[values.Length];
        TensorPrimitives.Divide(values, absmax, normalised);
        var i = 0;
        if (Avx2.IsSupported)
        {
            fixed (float* y = normalised)
            fixed (byte* target = codes)
            fixed (int* buckets = _bucketCodes)
            fixed (float* thresholds = _thresholds)
            {
                for (; i <= values.Length - 32; i += 32)
                {
                    var low = Vector256.Narrow(Encode8(y + i, buckets, thresholds), Encode8(y + i + 8, buckets, thresholds));
                    var high = Vector256.Narrow(Encode8(y + i + 16, buckets, thresholds), Encode8(y + i + 24, buckets, thresholds));
                    Vector256.Narrow(low, high).Store(target + i);
                }
            }
        }

        for (; i < values.Length; i++)
        {
            codes[i] = Encode(normalised[i]);
        }
    }

    /// <summary>Writes <c>map[codes[j]] * scale</c> to <c>target[j]</c> for every j.</summary>
    public void Dequantize(ReadOnlySpan<byte> codes, float scale, Span<float> target)
    {
        var i = 0;
        if (Avx2.IsSupported)
        {
            var scales = Vector256.Create(scale);
            fixed (byte* source = codes)
            fixed (float* map = _map)
            fixed (float* destination = target)
            {
                for (; i <= codes.Length - 8; i += 8)
                {
                    (Avx2.GatherVector256(map, Avx2.ConvertToVector256Int32(source + i), 4) * scales).Store(destination + i);
                }
            }
        }

        for (; i < codes.Length; i++)
        {
            target[i] = _map[codes[i]] * scale;
        }
    }

    /// <summary><see cref="Encode(float)"/> of 8 values (each 0..255 in a 32-bit lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Encode8(float* y, int* buckets, float* thresholds)
    {
        var values = Vector256.Load(y);
        var code = Avx2.GatherVector256(buckets, Vector256.ShiftRightLogical(values.AsUInt32(), 16).AsInt32(), 4);
        var above = Vector256.LessThan(Avx2.GatherVector256(thresholds, code, 4), values).AsInt32(); // -1 where t_c < y
        var number = Vector256.Equals(values, values).AsInt32(); // 0 for NaN
        return ((code - above) & number).AsUInt32();
    }

    /// <summary>The number of thresholds below <paramref name="y"/> (they are ascending: a lower-bound search).</summary>
    private static int Count(float[] thresholds, float y)
    {
        var (low, high) = (0, thresholds.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = thresholds[middle] < y ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    /// <summary>The smallest (<paramref name="highest"/> false) or largest non-NaN float whose upper 16 bits are <paramref name="bucket"/>, or null if all are NaN.</summary>
    private static float? Bound(int bucket, bool highest)
    {
        var bits = (uint)bucket << 16;
        if ((bits & 0x7F800000u) == 0x7F800000u)
        {
            return (bits & 0x007F0000u) == 0 ? BitConverter.UInt32BitsToSingle(bits) : null; // +-infinity, or NaNs only
        }

        var negative = bucket >= 0x8000;
        return BitConverter.UInt32BitsToSingle(negative == highest ? bits : bits | 0xFFFFu);
    }
}
