using System.Runtime.Intrinsics;
using SimdOpt.Kernels;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// Sign and Abs on every lane type, called directly (so Vector512 is checked even where it is not accelerated):
/// the same bits as the scalar lane for special and random values.
/// </summary>
public class LaneOperationTests
{
    private static readonly float[] Specials =
    [
        0f, -0f, 1f, -1f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, float.PositiveInfinity,
        float.NegativeInfinity, float.NaN, -float.NaN, 1e-38f, -1e-38f, 3.5f, -2.25f,
    ];

    private static float[] Values()
    {
        var random = new Random(3);
        var values = new float[64];
        Specials.CopyTo(values, 0);
        for (var i = Specials.Length; i < values.Length; i++)
        {
            values[i] = BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue));
        }

        return values;
    }

    [Fact]
    public void Scalar_sign_is_one_minus_one_zero_or_nan()
    {
        Assert.Equal(1f, ScalarLane.Sign(new(float.PositiveInfinity)).Value);
        Assert.Equal(-1f, ScalarLane.Sign(new(-float.Epsilon)).Value);
        Assert.Equal(0u, BitConverter.SingleToUInt32Bits(ScalarLane.Sign(new(-0f)).Value));
        Assert.Equal(0u, BitConverter.SingleToUInt32Bits(ScalarLane.Sign(new(0f)).Value));
        Assert.True(float.IsNaN(ScalarLane.Sign(new(float.NaN)).Value));
        Assert.Equal(0u, BitConverter.SingleToUInt32Bits(ScalarLane.Abs(new(-0f)).Value));
    }

    [Fact]
    public void Every_lane_matches_the_scalar_lane()
    {
        var values = Values();
        var expectedSign = values.Select(v => ScalarLane.Sign(new(v)).Value).ToArray();
        var expectedAbs = values.Select(v => ScalarLane.Abs(new(v)).Value).ToArray();
        Check<Vector128Lane>(values, expectedSign, expectedAbs);
        Check<Vector256Lane>(values, expectedSign, expectedAbs);
        Check<Vector512Lane>(values, expectedSign, expectedAbs);
        Assert.Equal(16, Vector512<float>.Count);
    }

    private static void Check<TLane>(float[] values, float[] expectedSign, float[] expectedAbs)
        where TLane : struct, ILane<TLane>
    {
        var sign = new float[values.Length];
        var abs = new float[values.Length];
        for (var i = 0; i + TLane.Count <= values.Length; i += TLane.Count)
        {
            var lane = TLane.Load(ref values[0], (nuint)i);
            TLane.Store(TLane.Sign(lane), ref sign[0], (nuint)i);
            TLane.Store(TLane.Abs(lane), ref abs[0], (nuint)i);
        }

        Bits.Equal(expectedSign, sign, $"{typeof(TLane).Name}.Sign");
        Bits.Equal(expectedAbs, abs, $"{typeof(TLane).Name}.Abs");
    }
}
