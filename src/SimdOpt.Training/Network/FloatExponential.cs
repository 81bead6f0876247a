using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SimdOpt.Training.Network;

/// <summary>
/// <c>exp(x)</c> of a float, by the table method of the GNU C library's <c>expf</c> (glibc 2.27 and later, as built
/// with fused multiply-adds for x86-64 processors that have them), one element or a vector of them, with the same
/// bits on every path. In double precision, with <c>N = 32</c>:
/// <list type="number">
/// <item><c>kd = fma(x, N/ln 2, S)</c> with <c>S = 1.5 · 2^52</c>, so the low bits of kd are <c>k = round(x N / ln 2)</c>;
/// <c>ki</c> = the bits of kd; <c>kd = kd - S</c>;</item>
/// <item><c>r = fma(x, N/ln 2, -kd)</c>;</item>
/// <item><c>s</c> = the double whose bits are <c>T[ki mod 32] + (ki &lt;&lt; 47)</c>, where <c>T[j]</c> is the bits of
/// 2^(j/32) rounded to nearest, less <c>j &lt;&lt; 47</c>: so <c>s = 2^(k/32)</c>;</item>
/// <item><c>y = fma(fma(r, C0, C1), r · r, fma(r, C2, 1)) · s</c> (a cubic for <c>2^(r/32)</c>), rounded to float.</item>
/// </list>
/// Outside the polynomial's range: <c>-∞</c> gives +0; NaN and +∞ give <c>x + x</c>; <c>x &gt; 88.72283</c> (the
/// float below <c>ln 2^128</c>) gives +∞; <c>x &lt; -103.97208</c> (the float above <c>ln 2^-150</c>) gives +0; the rest
/// of <c>|x| ≥ 88</c> takes the polynomial path. (The C library returns the smallest subnormal for
/// <c>-103.97208 &lt; x &lt; -103.27892</c> on a path of its own, to set errno; the polynomial rounds to the same float.)
/// Where <see cref="MathF.Exp"/> calls that C library on such a processor (Linux on x86-64 with FMA), the results
/// equal it bit for bit; elsewhere they are still these.
/// </summary>
internal static class FloatExponential
{
    /// <summary><c>N / ln 2</c> rounded to double (0x40471547652B82FE).</summary>
    private const double ScaledInverseLn2 = 46.16624130844683;

    /// <summary><c>1.5 · 2^52</c>: adding it rounds a double below 2^51 in magnitude to an integer in its low bits.</summary>
    private const double RoundingShift = 6755399441055744.0;

    // The cubic's coefficients for 2^(r/32), C0 r^3 + C1 r^2 + C2 r + 1, already divided by the powers of N
    // (0x3EBC6AF84B912394, 0x3F2EBFCE50FAC4F3, 0x3F962E42FF0C52D6).
    private const double C0 = 1.6938359250920212E-06;
    private const double C1 = 0.00023459809789509004;
    private const double C2 = 0.021660849396613134;

    /// <summary>The first value of <c>|x|</c> (88) whose bits leave the polynomial path to the range checks.</summary>
    private const uint LargeMagnitudeBits = 0x42B00000;

    /// <summary>The bits of +∞: at or above them (in magnitude) x is infinite or NaN.</summary>
    private const uint InfinityBits = 0x7F800000;

    /// <summary>The largest x whose exp is finite: 0x1.62e42ep6 (bits 0x42B17217).</summary>
    private const float OverflowBound = 88.72283f;

    /// <summary>Below it exp rounds to +0: -0x1.9fe368p6 (bits 0xC2CFF1B4).</summary>
    private const float UnderflowBound = -103.97208f;

    /// <summary>T[j]: the bits of 2^(j/32) rounded to nearest, less j &lt;&lt; 47.</summary>
    private static ReadOnlySpan<ulong> Table =>
    [
        0x3FF0000000000000, 0x3FEFD9B0D3158574, 0x3FEFB5586CF9890F, 0x3FEF9301D0125B51,
        0x3FEF72B83C7D517B, 0x3FEF54873168B9AA, 0x3FEF387A6E756238, 0x3FEF1E9DF51FDEE1,
        0x3FEF06FE0A31B715, 0x3FEEF1A7373AA9CB, 0x3FEEDEA64C123422, 0x3FEECE086061892D,
        0x3FEEBFDAD5362A27, 0x3FEEB42B569D4F82, 0x3FEEAB07DD485429, 0x3FEEA47EB03A5585,
        0x3FEEA09E667F3BCD, 0x3FEE9F75E8EC5F74, 0x3FEEA11473EB0187, 0x3FEEA589994CCE13,
        0x3FEEACE5422AA0DB, 0x3FEEB737B0CDC5E5, 0x3FEEC49182A3F090, 0x3FEED503B23E255D,
        0x3FEEE89F995AD3AD, 0x3FEEFF76F2FB5E47, 0x3FEF199BDD85529C, 0x3FEF3720DCEF9069,
        0x3FEF5818DCFBA487, 0x3FEF7C97337B9B5F, 0x3FEFA4AFA2A490DA, 0x3FEFD0765B6E4540,
    ];

    /// <summary>The table of <see cref="FloatExponential"/>'s step 3, for tests.</summary>
    internal static ReadOnlySpan<ulong> ScaledPowers => Table;

    /// <summary><c>exp(x)</c>, one element.</summary>
    public static float Of(float x)
    {
        var magnitude = BitConverter.SingleToUInt32Bits(x) & 0x7FFFFFFF;
        if (magnitude >= LargeMagnitudeBits)
        {
            if (float.IsNegativeInfinity(x))
            {
                return 0f;
            }

            if (magnitude >= InfinityBits)
            {
                return x + x;
            }

            if (x > OverflowBound)
            {
                return float.PositiveInfinity;
            }

            if (x < UnderflowBound)
            {
                return 0f;
            }
        }

        double xd = x;
        var kd = Math.FusedMultiplyAdd(xd, ScaledInverseLn2, RoundingShift);
        var ki = BitConverter.DoubleToUInt64Bits(kd);
        kd -= RoundingShift;
        var r = Math.FusedMultiplyAdd(xd, ScaledInverseLn2, -kd);
        var s = BitConverter.UInt64BitsToDouble(Table[(int)(ki & 31)] + (ki << 47));
        var y = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(r, C0, C1), r * r, Math.FusedMultiplyAdd(r, C2, 1.0)) * s;
        return (float)y;
    }

    /// <summary><c>exp(x)</c> of every element, with the bits of <see cref="Of(float)"/>.</summary>
    public static Vector<float> Of(Vector<float> x)
    {
        Vector.Widen(x, out var low, out var high);
        var y = Vector.Narrow(Polynomial(low), Polynomial(high));
        var magnitude = Vector.AsVectorUInt32(x) & new Vector<uint>(0x7FFFFFFF);
        var outside = Vector.GreaterThanOrEqual(magnitude, new Vector<uint>(LargeMagnitudeBits));
        return outside == Vector<uint>.Zero ? y : OutsideRange(x, y, magnitude);
    }

    /// <summary>The range checks of <see cref="Of(float)"/>, applied lane by lane to the polynomial's results.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector<float> OutsideRange(Vector<float> x, Vector<float> y, Vector<uint> magnitude)
    {
        y = Vector.ConditionalSelect(Vector.LessThan(x, new Vector<float>(UnderflowBound)), Vector<float>.Zero, y);
        y = Vector.ConditionalSelect(Vector.GreaterThan(x, new Vector<float>(OverflowBound)), new Vector<float>(float.PositiveInfinity), y);
        y = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(magnitude, new Vector<uint>(InfinityBits)).As<uint, float>(), x + x, y);
        return Vector.ConditionalSelect(Vector.Equals(x, new Vector<float>(float.NegativeInfinity)), Vector<float>.Zero, y);
    }

    /// <summary>Steps 1 to 4 of <see cref="FloatExponential"/> on every lane, before the rounding to float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Polynomial(Vector<double> xd)
    {
        var scale = new Vector<double>(ScaledInverseLn2);
        var shift = new Vector<double>(RoundingShift);
        var kd = Vector.FusedMultiplyAdd(xd, scale, shift);
        var ki = Vector.AsVectorUInt64(kd);
        kd -= shift;
        var r = Vector.FusedMultiplyAdd(xd, scale, -kd);
        var s = Vector.AsVectorDouble(Lookup(ki & new Vector<ulong>(31)) + (ki << 47));
        var z = Vector.FusedMultiplyAdd(r, new Vector<double>(C0), new Vector<double>(C1));
        var y = Vector.FusedMultiplyAdd(r, new Vector<double>(C2), Vector<double>.One);
        return Vector.FusedMultiplyAdd(z, r * r, y) * s;
    }

    /// <summary>The table entries at every lane's index (each below 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector<ulong> Lookup(Vector<ulong> index)
    {
        if (Vector<ulong>.Count == Vector256<ulong>.Count && Avx2.IsSupported)
        {
            // The table is constant data of the assembly's image, which never moves: no pinning needed.
            var table = (ulong*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(Table));
            return Avx2.GatherVector256(table, index.AsVector256().AsInt64(), 8).AsVector();
        }

        if (Vector<ulong>.Count == Vector512<ulong>.Count && Avx512F.IsSupported)
        {
            ref var table = ref MemoryMarshal.GetReference(Table);
            var first = Avx512F.PermuteVar8x64x2(Vector512.LoadUnsafe(ref table), index.AsVector512(), Vector512.LoadUnsafe(ref table, 8));
            var second = Avx512F.PermuteVar8x64x2(Vector512.LoadUnsafe(ref table, 16), index.AsVector512(), Vector512.LoadUnsafe(ref table, 24));
            return Vector512.ConditionalSelect(Vector512.GreaterThan(index.AsVector512(), Vector512.Create(15UL)), second, first).AsVector();
        }

        var lanes = Vector<ulong>.Zero;
        for (var lane = 0; lane < Vector<ulong>.Count; lane++)
        {
            lanes = lanes.WithElement(lane, Table[(int)index.GetElement(lane)]);
        }

        return lanes;
    }
}
