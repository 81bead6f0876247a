using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SimdOpt.Kernels;

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
/// so it stays in L1. With AVX-512 VBMI both directions run 64 elements at a time without a gather: the map and the
/// thresholds are read from byte planes (<see cref="BytePlanes"/>) and the bucket codes from a two-level form of the
/// table (<see cref="CompactBuckets"/>). Without VBMI (and for a piece's last groups of 16), AVX-512 encodes 16 at a time
/// with the bucket codes from two 8-wide gathers and the threshold from register permutes. With AVX2 both directions run
/// 8 at a time with gathers from the tables. The widest lane (<see cref="LaneSelection.Widest"/>) bounds the path, so
/// tests run each; every path gives the same codes and values.
/// </remarks>
internal sealed unsafe class DynamicMapCodec
{
    private const int ExponentLow = 103;
    private const int Rows = 26;
    private const int SignStride = Rows * 128;
    private const int BucketCount = 2 * SignStride;

    private readonly float[] _map;
    private readonly float[] _thresholds;

    // The map and the thresholds as byte planes, and the buckets in two levels, for the byte permutes of AVX-512 VBMI.
    private readonly byte[] _mapPlanes;
    private readonly byte[] _thresholdPlanes;
    private readonly byte[] _compactBuckets;

    // One byte per bucket, and 3 more so that a 4-byte gather at the last entry stays inside the array.
    private readonly byte[] _bucketCodes;

    /// <summary>Builds the codec of <paramref name="map"/> (256 ascending values) and its <paramref name="thresholds"/> (256 ascending, the last +infinity).</summary>
    public DynamicMapCodec(float[] map, float[] thresholds)
    {
        _map = GC.AllocateArray<float>(map.Length, pinned: true);
        map.CopyTo(_map, 0);
        _thresholds = GC.AllocateArray<float>(thresholds.Length, pinned: true);
        thresholds.CopyTo(_thresholds, 0);
        _mapPlanes = BytePlanes.Create(map);
        _thresholdPlanes = BytePlanes.Create(thresholds);
        _compactBuckets = CompactBuckets.Create(thresholds, Rows, Bounds, y => Count(thresholds, y));
        _bucketCodes = GC.AllocateArray<byte>(BucketCount + 3, pinned: true);
        for (var bucket = 0; bucket < BucketCount; bucket++)
        {
            var (low, high) = Bounds(bucket >= SignStride, (bucket % SignStride) / 128, 7, bucket % 128);
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

    /// <summary>
    /// <c>max |values[j]|</c> folded from 0 with <see cref="MathF.Max(float, float)"/> in order, as the reference does: the
    /// largest magnitude, or, when a value is NaN, the first NaN with its sign cleared. The widest lane
    /// (<see cref="LaneSelection.Widest"/>) takes the full groups; a NaN sends the piece through the in-order fold.
    /// </summary>
    public static float AbsMax(ReadOnlySpan<float> values) => LaneSelection.Widest switch
    {
        LaneWidth.Vector512 => AbsMax<Vector512Lane>(values),
        LaneWidth.Vector256 => AbsMax<Vector256Lane>(values),
        LaneWidth.Vector128 => AbsMax<Vector128Lane>(values),
        _ => AbsMaxInOrder(values),
    };

    /// <summary>Writes the code of <c>absmax &gt; 0 ? values[j] / absmax : 0</c> to <c>codes[j]</c> for every j.</summary>
    public void Quantize(ReadOnlySpan<float> values, float absmax, Span<byte> codes)
    {
        if (!(absmax > 0f))
        {
            codes[..values.Length].Fill(Encode(0f));
            return;
        }

        var i = 0;
        var widest = LaneSelection.Widest;
        fixed (float* x = values)
        fixed (byte* target = codes)
        fixed (byte* buckets = _bucketCodes)
        fixed (float* thresholds = _thresholds)
        {
            if (Avx512Vbmi.IsSupported && widest >= LaneWidth.Vector512)
            {
                var scale = Vector512.Create(absmax);
                fixed (byte* compact = _compactBuckets)
                fixed (byte* thresholdPlanes = _thresholdPlanes)
                {
                    for (; i <= values.Length - 64; i += 64)
                    {
                        CompactBuckets.Encode64(
                            compact,
                            thresholdPlanes,
                            NumberOrMinusInfinity(Vector512.Load(x + i) / scale),
                            NumberOrMinusInfinity(Vector512.Load(x + i + 16) / scale),
                            NumberOrMinusInfinity(Vector512.Load(x + i + 32) / scale),
                            NumberOrMinusInfinity(Vector512.Load(x + i + 48) / scale)).Store(target + i);
                    }
                }
            }

            if (Avx512F.IsSupported && widest >= LaneWidth.Vector512)
            {
                var scale = Vector512.Create(absmax);
                for (; i <= values.Length - 16; i += 16)
                {
                    Avx512F.ConvertToVector128Byte(Encode16(Vector512.Load(x + i) / scale, buckets, thresholds)).Store(target + i);
                }
            }

            if (Avx2.IsSupported && widest >= LaneWidth.Vector256)
            {
                var scale = Vector256.Create(absmax);
                for (; i <= values.Length - 32; i += 32)
                {
                    var low = Vector256.Narrow(Encode8(Vector256.Load(x + i) / scale, buckets, thresholds), Encode8(Vector256.Load(x + i + 8) / scale, buckets, thresholds));
                    var high = Vector256.Narrow(Encode8(Vector256.Load(x + i + 16) / scale, buckets, thresholds), Encode8(Vector256.Load(x + i + 24) / scale, buckets, thresholds));
                    Vector256.Narrow(low, high).Store(target + i);
                }
            }
        }

        for (; i < values.Length; i++)
        {
            codes[i] = Encode(values[i] / absmax);
        }
    }

    /// <summary>Writes <c>map[codes[j]] * scale</c> to <c>target[j]</c> for every j.</summary>
    public void Dequantize(ReadOnlySpan<byte> codes, float scale, Span<float> target)
    {
        var i = 0;
        var widest = LaneSelection.Widest;
        fixed (byte* source = codes)
        fixed (float* map = _map)
        fixed (float* destination = target)
        {
            if (Avx512Vbmi.IsSupported && widest >= LaneWidth.Vector512)
            {
                var scales = Vector512.Create(scale);
                fixed (byte* planes = _mapPlanes)
                {
                    for (; i <= codes.Length - 64; i += 64)
                    {
                        Dequantize64(source + i, planes, scales, destination + i);
                    }
                }
            }

            if (Avx2.IsSupported && widest >= LaneWidth.Vector256)
            {
                var scales = Vector256.Create(scale);
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

    private static float AbsMax<TLane>(ReadOnlySpan<float> values)
        where TLane : struct, ILane<TLane>
    {
        ref var x = ref MemoryMarshal.GetReference(values);
        var length = (nuint)values.Length;
        var count = (nuint)TLane.Count;
        var largest = TLane.Create(0f);
        nuint i = 0;
        for (; length - i >= count; i += count)
        {
            largest = TLane.Max(largest, TLane.Abs(TLane.Load(ref x, i)));
        }

        var absmax = LargestLane(largest);

        for (; i < length; i++)
        {
            absmax = MathF.Max(absmax, MathF.Abs(Unsafe.Add(ref x, i)));
        }

        return float.IsNaN(absmax) ? AbsMaxInOrder(values) : absmax;
    }

    /// <summary>
    /// The largest lane of <paramref name="lanes"/>, whose lanes are absolute values or NaN (then NaN). Without NaN the
    /// maximum of values of one sign does not depend on the order, so the halves are folded in registers with the
    /// processor's maximum instead of 15 <see cref="MathF.Max(float, float)"/> in a chain.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float LargestLane<TLane>(TLane lanes)
        where TLane : struct, ILane<TLane>
    {
        Vector128<float> quad;
        if (TLane.Count == Vector512<float>.Count)
        {
            var all = Unsafe.As<TLane, Vector512<float>>(ref lanes);
            if (!Vector512.EqualsAll(all, all))
            {
                return float.NaN;
            }

            var half = Vector256.MaxNative(all.GetLower(), all.GetUpper());
            quad = Vector128.MaxNative(half.GetLower(), half.GetUpper());
        }
        else if (TLane.Count == Vector256<float>.Count)
        {
            var all = Unsafe.As<TLane, Vector256<float>>(ref lanes);
            if (!Vector256.EqualsAll(all, all))
            {
                return float.NaN;
            }

            quad = Vector128.MaxNative(all.GetLower(), all.GetUpper());
        }
        else if (TLane.Count == Vector128<float>.Count)
        {
            quad = Unsafe.As<TLane, Vector128<float>>(ref lanes);
            if (!Vector128.EqualsAll(quad, quad))
            {
                return float.NaN;
            }
        }
        else
        {
            return Unsafe.As<TLane, float>(ref lanes);
        }

        quad = Vector128.MaxNative(quad, Vector128.Shuffle(quad, Vector128.Create(2, 3, 0, 1)));
        quad = Vector128.MaxNative(quad, Vector128.Shuffle(quad, Vector128.Create(1, 0, 3, 2)));
        return quad.ToScalar();
    }

    /// <summary>The reference's fold, element by element: which NaN comes out depends on the order.</summary>
    private static float AbsMaxInOrder(ReadOnlySpan<float> values)
    {
        var absmax = 0f;
        foreach (var value in values)
        {
            absmax = MathF.Max(absmax, MathF.Abs(value));
        }

        return absmax;
    }

    /// <summary>Writes <c>map[code] * scale</c> of the 64 codes at <paramref name="source"/> to <paramref name="destination"/> (<see cref="BytePlanes"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dequantize64(byte* source, byte* planes, Vector512<float> scales, float* destination)
    {
        BytePlanes.Lookup64(planes, Vector512.Load(source), out var first, out var second, out var third, out var fourth);
        (first * scales).Store(destination);
        (second * scales).Store(destination + 16);
        (third * scales).Store(destination + 32);
        (fourth * scales).Store(destination + 48);
    }

    /// <summary><paramref name="values"/> with NaN replaced by -infinity, whose code is also 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> NumberOrMinusInfinity(Vector512<float> values) =>
        Vector512.ConditionalSelect(Vector512.Equals(values, values), values, Vector512.Create(float.NegativeInfinity));

    /// <summary><see cref="Encode(float)"/> of 16 values (each 0..255 in a 32-bit lane): the bucket by two 8-wide gathers, its threshold by <see cref="Lookup"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Encode16(Vector512<float> values, byte* buckets, float* thresholds)
    {
        var bits = values.AsInt32();
        var exponent = Vector512.Min(Vector512.Max((bits >>> 23) & Vector512.Create(0xFF), Vector512.Create(ExponentLow)), Vector512.Create(ExponentLow + Rows - 1)) - Vector512.Create(ExponentLow);
        var index = ((bits >> 31) & Vector512.Create(SignStride)) + (exponent << 7) + ((bits >>> 16) & Vector512.Create(0x7F));
        var code = Vector512.Create(Avx2.GatherVector256((int*)buckets, index.GetLower(), 1), Avx2.GatherVector256((int*)buckets, index.GetUpper(), 1)) & Vector512.Create(0xFF);
        var above = Vector512.LessThan(Lookup(thresholds, code), values).AsInt32(); // -1 where t_c < y
        var number = Vector512.Equals(values, values).AsInt32(); // 0 for NaN
        return (code - above) & number;
    }

    /// <summary>
    /// <c>table[index[j]]</c> for 16 indices in 0..255 of a 256-float table, without a gather: eight two-register
    /// permutes each cover 32 entries (the index's low 5 bits), and bits 5, 6 and 7 pick among them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Lookup(float* table, Vector512<int> index)
    {
        var q0 = Avx512F.PermuteVar16x32x2(Vector512.Load(table), index, Vector512.Load(table + 16));
        var q1 = Avx512F.PermuteVar16x32x2(Vector512.Load(table + 32), index, Vector512.Load(table + 48));
        var q2 = Avx512F.PermuteVar16x32x2(Vector512.Load(table + 64), index, Vector512.Load(table + 80));
        var q3 = Avx512F.PermuteVar16x32x2(Vector512.Load(table + 96), index, Vector512.Load(table + 112));
        var q4 = Avx512F.PermuteVar16x32x2(Vector512.Load(table + 128), index, Vector512.Load(table + 144));
        var q5 = Avx512F.PermuteVar16x32x2(Vector512.Load(table + 160), index, Vector512.Load(table + 176));
        var q6 = Avx512F.PermuteVar16x32x2(Vector512.Load(table + 192), index, Vector512.Load(table + 208));
        var q7 = Avx512F.PermuteVar16x32x2(Vector512.Load(table + 224), index, Vector512.Load(table + 240));
        var bit5 = (index << 26 >> 31).AsSingle();
        var bit6 = (index << 25 >> 31).AsSingle();
        var bit7 = (index << 24 >> 31).AsSingle();
        var low = Vector512.ConditionalSelect(bit6, Vector512.ConditionalSelect(bit5, q3, q2), Vector512.ConditionalSelect(bit5, q1, q0));
        var high = Vector512.ConditionalSelect(bit6, Vector512.ConditionalSelect(bit5, q7, q6), Vector512.ConditionalSelect(bit5, q5, q4));
        return Vector512.ConditionalSelect(bit7, high, low);
    }

    /// <summary><see cref="Encode(float)"/> of 8 values (each 0..255 in a 32-bit lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Encode8(Vector256<float> values, byte* buckets, float* thresholds)
    {
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

    /// <summary>
    /// The smallest and the largest non-NaN float of sub-bucket <paramref name="prefix"/> of <paramref name="row"/> of one sign:
    /// the floats whose first <paramref name="bits"/> mantissa bits are <paramref name="prefix"/> (the whole row for rows 0 and 25).
    /// </summary>
    private static (float Low, float High) Bounds(bool negative, int row, int bits, int prefix)
    {
        var (low, high) = row switch
        {
            0 => (0f, MathF.BitDecrement(MathF.ScaleB(1f, -23))),
            Rows - 1 => (2f, float.PositiveInfinity),
            _ => Range((uint)((row + ExponentLow) << 23) | ((uint)prefix << (23 - bits)), (1u << (23 - bits)) - 1),
        };
        return negative ? (-high, -low) : (low, high);
    }

    /// <summary>The positive floats from <paramref name="bits"/> to <paramref name="bits"/> with <paramref name="rest"/> set.</summary>
    private static (float Low, float High) Range(uint bits, uint rest) => (BitConverter.UInt32BitsToSingle(bits), BitConverter.UInt32BitsToSingle(bits | rest));
}
