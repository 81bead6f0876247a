using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using SimdOpt.Training.Network;

namespace SimdOpt.Training.Tests.Network;

/// <summary>
/// The float exponential gives one set of bits on every path: the vector form equals the scalar form on every lane,
/// its table is 2^(j/32) rounded to nearest (computed here from integers), and where <see cref="MathF.Exp"/> is the
/// C library's FMA <c>expf</c> the scalar form equals it.
/// </summary>
public class FloatExponentialTests
{
    /// <summary>Every 65,521st float bit pattern (all signs, exponents and NaN payload ranges), the edges of every branch, and the floats that tell a fused step from an unfused one.</summary>
    public static IEnumerable<float> Inputs()
    {
        for (var bits = 0UL; bits <= uint.MaxValue; bits += 65_521)
        {
            yield return BitConverter.UInt32BitsToSingle((uint)bits);
        }

        foreach (var edge in new uint[] { 0x42B00000, 0x42B17217, 0xC2CFF1B4, 0xC2CE8ECF, 0xC2B00000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00001, 0x7F800001 })
        {
            for (var offset = -2; offset <= 2; offset++)
            {
                yield return BitConverter.UInt32BitsToSingle((uint)(edge + offset));
            }
        }

        foreach (var value in new[] { 0f, -0f, 1f, -1f, 88f, -88f, 88.72283f, -103.97208f, -103.27892f, -87.33655f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue })
        {
            yield return value;
        }

        // The only two floats whose result changes when r = x·N/ln 2 - kd is rounded twice instead of fused (an
        // exhaustive scan of every float in the polynomial's range; unfusing any other step changes no result).
        yield return BitConverter.UInt32BitsToSingle(0x4202422F);
        yield return BitConverter.UInt32BitsToSingle(0xC27C65D9);
    }

    [Fact]
    public void Every_lane_of_the_vector_form_equals_the_scalar_form()
    {
        var inputs = Inputs().ToArray();
        var lanes = new float[Vector<float>.Count];
        var mismatches = new List<string>();
        for (var start = 0; start < inputs.Length; start++)
        {
            // Each input visits every lane position once over consecutive windows.
            for (var lane = 0; lane < lanes.Length; lane++)
            {
                lanes[lane] = inputs[(start + lane) % inputs.Length];
            }

            var vector = FloatExponential.Of(new Vector<float>(lanes));
            for (var lane = 0; lane < lanes.Length; lane++)
            {
                var expected = BitConverter.SingleToUInt32Bits(FloatExponential.Of(lanes[lane]));
                if (BitConverter.SingleToUInt32Bits(vector[lane]) != expected && mismatches.Count < 10)
                {
                    mismatches.Add($"exp({lanes[lane]:R}) lane {lane}: {vector[lane]:R} != {FloatExponential.Of(lanes[lane]):R}");
                }
            }
        }

        Assert.True(inputs.Length > 65_000);
        Assert.Empty(mismatches);
    }

    [Fact]
    public void The_table_is_two_to_the_j_over_32_rounded_to_nearest()
    {
        for (var j = 0; j < 32; j++)
        {
            Assert.Equal(CorrectlyRoundedTwoToThe(j) - ((ulong)j << 47), FloatExponential.ScaledPowers[j]);
        }
    }

    [SkippableFact]
    public void The_scalar_form_equals_the_C_librarys_expf_where_MathF_Exp_calls_it()
    {
        Skip.IfNot(
            OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && Fma.IsSupported,
            "MathF.Exp is the GNU C library's FMA expf only on Linux x86-64 with FMA.");
        var mismatches = Inputs()
            .Where(x => BitConverter.SingleToUInt32Bits(FloatExponential.Of(x)) != BitConverter.SingleToUInt32Bits(MathF.Exp(x)))
            .Take(10)
            .Select(x => $"exp({x:R}): {FloatExponential.Of(x):R} != MathF.Exp {MathF.Exp(x):R}")
            .ToList();
        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(44)]
    [InlineData(64)]
    [InlineData(67)]
    public void The_sigmoid_is_one_over_one_plus_the_exponential_on_every_element(int length)
    {
        var z = Inputs().Where((_, i) => i % 811 == 3).Take(length).ToArray();
        z[0] = float.NaN;
        var a = new float[length];
        Activations.Sigmoid(z, a);
        for (var j = 0; j < length; j++)
        {
            Assert.Equal(BitConverter.SingleToUInt32Bits(1f / (1f + FloatExponential.Of(-z[j]))), BitConverter.SingleToUInt32Bits(a[j]));
        }
    }

    /// <summary>The bits of 2^(j/32) rounded to nearest double: the integer 32nd root of 2^(j + 32·160), cut to 53 bits.</summary>
    private static ulong CorrectlyRoundedTwoToThe(int j)
    {
        const int FractionBits = 160;
        var power = System.Numerics.BigInteger.One << (j + (32 * FractionBits));
        var root = IntegerRoot(power, 32);
        var dropped = FractionBits - 52;
        var significand = root >> dropped;
        var remainder = root - (significand << dropped);
        var half = System.Numerics.BigInteger.One << (dropped - 1);
        if (remainder > half || (remainder == half && !significand.IsEven))
        {
            significand += 1;
        }

        // 2^(j/32) is in [1, 2): the significand has 53 bits, its top bit the implicit one.
        return (1023UL << 52) | (ulong)(significand - (System.Numerics.BigInteger.One << 52));
    }

    private static System.Numerics.BigInteger IntegerRoot(System.Numerics.BigInteger value, int degree)
    {
        var low = System.Numerics.BigInteger.Zero;
        var high = System.Numerics.BigInteger.One << (int)((value.GetBitLength() / degree) + 2);
        while (low < high)
        {
            var middle = (low + high + 1) >> 1;
            if (System.Numerics.BigInteger.Pow(middle, degree) <= value)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }
}
