using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdOpt.Precision;

/// <summary>
/// Converts between float32 values and the codes of one <see cref="DynamicMap"/>. Decoding: <c>x = map[code] * scale</c>.
/// Encoding a piece: <c>y = absmax &gt; 0 ? x / absmax : 0</c> (float32 division), then <c>code = #{k : t_k &lt; y}</c>
/// over the map's thresholds, found in two loads instead of a search.
/// </summary>
/// <remarks>
/// A bucket is a set of consecutive floats: those that share the sign, the exponent and the first 7 mantissa bits, for
/// magnitudes in [2^-23, 2); all magnitudes below 2^-23 of one sign; all of at least 2 of one sign (with NaN). Index:
/// <c>(sign ? 3328 : 0) + 128 * (clamp(exponent bits, 103, 128) - 103) + the first 7 mantissa bits</c>. The table holds the
/// code of each bucket's smallest value; since no bucket spans two thresholds (the maps' thresholds lie more than a bucket
/// apart, none has a magnitude below 2^-23, and none is 2 or more but +infinity; the constructor checks it),
/// <c>code(y) = c + (t_c &lt; y ? 1 : 0)</c> with <c>c</c> the bucket's entry. NaN encodes to 0. The table is 6,656 bytes,
/// so it stays in L1. With AVX2 both directions run 8 elements at a time (gathers from the tables); every path gives the
/// same codes and values.
/// </remarks>
internal sealed unsafe class DynamicMapCodec
{
    private const int ExponentLow = 103;
    private const int Rows = 26;
    private const int SignStride = Rows * 128;
    private const int BucketCount = 2 * SignStride;

    private readonly float[] _map;
    private readonly float[] _thresholds;

    // One byte per bucket, and 3 more so that a 4-byte gather at the last entry stays inside the array.
    private readonly byte[] _bucketCodes;

    /// <summary>Builds the codec of <paramref name="map"/> (256 ascending values) and its <paramref name="thresholds"/> (256 ascending, the last +infinity).</summary>
    public DynamicMapCodec(float[] map, float[] thresholds)
    {
        _map = GC.AllocateArray<float>(map.Length, pinned: true);
        map.CopyTo(_map, 0);
        _thresholds = GC.AllocateArray<float>(thresholds.Length, pinned: true);
        thresholds.CopyTo(_thresholds, 0);
        _bucketCodes = GC.AllocateArray<byte>(BucketCount + 3, pinned: true);
        for (var bucket = 0; bucket < BucketCount; bucket++)
        {
            var (low, high) = Bounds(bucket);
            var code = Count(thresholds, low);
            if (Count(thresholds, high) > code + 1)
            {
                throw new InvalidOperationException($"The 8-bit map has two thresholds within the floats [{low}, {high}]; the bucket table cannot encode it.");
            }

            _bucketCodes[bucket] = (byte)code;
        }
    }

    /// <summary><c>#{k : thresholds[k] &lt; y}</c>, or 0 for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Encode(float y)
    {
        var bits = BitConverter.SingleToUInt32Bits(y);
        var exponent = Math.Clamp((int)((bits >> 23) & 0xFF), ExponentLow, ExponentLow + Rows - 1) - ExponentLow;
        int code = _bucketCodes[((int)(bits >> 31) * SignStride) + (exponent << 7) + (int)((bits >> 16) & 0x7F)];
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
            fixed (byte* buckets = _bucketCodes)
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
    private static Vector256<uint> Encode8(float* y, byte* buckets, float* thresholds)
    {
        var values = Vector256.Load(y);
        var bits = values.AsInt32();
        var exponent = Vector256.Min(Vector256.Max((bits >>> 23) & Vector256.Create(0xFF), Vector256.Create(ExponentLow)), Vector256.Create(ExponentLow + Rows - 1)) - Vector256.Create(ExponentLow);
        var index = ((bits >> 31) & Vector256.Create(SignStride)) + (exponent << 7) + ((bits >>> 16) & Vector256.Create(0x7F));
        var code = Avx2.GatherVector256((int*)buckets, index, 1) & Vector256.Create(0xFF);
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

    /// <summary>The smallest and the largest non-NaN float of <paramref name="bucket"/>.</summary>
    private static (float Low, float High) Bounds(int bucket)
    {
        var negative = bucket >= SignStride;
        var row = (bucket % SignStride) / 128;
        var (low, high) = row switch
        {
            0 => (0f, MathF.BitDecrement(MathF.ScaleB(1f, -23))),
            Rows - 1 => (2f, float.PositiveInfinity),
            _ => Range((uint)((row + ExponentLow) << 23) | ((uint)(bucket % 128) << 16)),
        };
        return negative ? (-high, -low) : (low, high);
    }

    /// <summary>The positive floats whose upper 16 bits are those of <paramref name="bits"/>.</summary>
    private static (float Low, float High) Range(uint bits) => (BitConverter.UInt32BitsToSingle(bits), BitConverter.UInt32BitsToSingle(bits | 0xFFFFu));
}
