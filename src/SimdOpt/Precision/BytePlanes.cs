using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdOpt.Precision;

/// <summary>
/// Table lookups by AVX-512 VBMI byte permutes instead of gathers. A 256-entry float32 table is held as four 256-byte
/// planes (byte k of entry c at <c>256 * k + c</c>); each plane is read for 64 indices at once by two two-register byte
/// permutes (the index's low 7 bits; its top bit picks the pair), and byte unpacks put the four bytes of each float together.
/// </summary>
internal static unsafe class BytePlanes
{
    /// <summary>
    /// Position 16a + 4b + r takes index 16b + 4a + r: after two rounds of in-lane unpacks, output vector b holds in its
    /// 128-bit lane a the positions 16a + 4b + r, which are then elements 16b + 4a + r, in order.
    /// </summary>
    private static Vector512<byte> UnpackOrder { get; } = Vector512.Create([.. Enumerable.Range(0, 64).Select(p => (byte)((16 * ((p / 4) % 4)) + (4 * (p / 16)) + (p % 4)))]);

    /// <summary>The four planes of <paramref name="table"/> (256 floats), pinned.</summary>
    public static byte[] Create(ReadOnlySpan<float> table)
    {
        var planes = GC.AllocateArray<byte>(4 * 256, pinned: true);
        for (var c = 0; c < table.Length; c++)
        {
            var bits = BitConverter.SingleToUInt32Bits(table[c]);
            for (var k = 0; k < 4; k++)
            {
                planes[(256 * k) + c] = (byte)(bits >> (8 * k));
            }
        }

        return planes;
    }

    /// <summary><c>table[indices[j]]</c> for j = 0..63, in order: j = 0..15 in <paramref name="first"/>, 16..31 in <paramref name="second"/>, and so on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Lookup64(byte* planes, Vector512<byte> indices, out Vector512<float> first, out Vector512<float> second, out Vector512<float> third, out Vector512<float> fourth)
    {
        var ordered = Avx512Vbmi.PermuteVar64x8(indices, UnpackOrder);
        var upper = Upper(ordered);
        var byte0 = Plane(planes, ordered, upper);
        var byte1 = Plane(planes + 256, ordered, upper);
        var byte2 = Plane(planes + 512, ordered, upper);
        var byte3 = Plane(planes + 768, ordered, upper);
        var low01 = Avx512BW.UnpackLow(byte0, byte1).AsUInt16();
        var high01 = Avx512BW.UnpackHigh(byte0, byte1).AsUInt16();
        var low23 = Avx512BW.UnpackLow(byte2, byte3).AsUInt16();
        var high23 = Avx512BW.UnpackHigh(byte2, byte3).AsUInt16();
        first = Avx512BW.UnpackLow(low01, low23).AsSingle();
        second = Avx512BW.UnpackHigh(low01, low23).AsSingle();
        third = Avx512BW.UnpackLow(high01, high23).AsSingle();
        fourth = Avx512BW.UnpackHigh(high01, high23).AsSingle();
    }

    /// <summary>All ones where the index is 128 or more.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Upper(Vector512<byte> indices) => Vector512.LessThan(indices.AsSByte(), Vector512<sbyte>.Zero).AsByte();

    /// <summary>Byte <c>plane[indices[j]]</c> of a 256-byte plane for 64 indices (<paramref name="upper"/> from <see cref="Upper"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> Plane(byte* plane, Vector512<byte> indices, Vector512<byte> upper) => Vector512.ConditionalSelect(
        upper,
        Avx512Vbmi.PermuteVar64x8x2(Vector512.Load(plane + 128), indices, Vector512.Load(plane + 192)),
        Avx512Vbmi.PermuteVar64x8x2(Vector512.Load(plane), indices, Vector512.Load(plane + 64)));
}
