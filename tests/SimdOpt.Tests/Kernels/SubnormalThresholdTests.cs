using System.Runtime.Intrinsics;
using SimdOpt.Kernels;
using SimdOpt.Reference;

namespace SimdOpt.Tests.Kernels;

/// <summary>The flush thresholds and the lane operation behind <c>FlushSubnormals</c>.</summary>
public class SubnormalThresholdTests
{
    private const float SmallestNormal = 1.17549435E-38f;

    [Fact]
    public void Constants_are_the_documented_powers_of_two()
    {
        Assert.Equal(SmallestNormal, MathF.ScaleB(1f, -126));
        Assert.Equal(SubnormalThreshold.SmallestNormal, MathF.ScaleB(1f, -126));
        Assert.Equal(SubnormalThreshold.UnitCoefficient, MathF.ScaleB(1f, -63));
        Assert.Equal(SubnormalThreshold.UnitCoefficient, SubnormalThreshold.ForSquareTerm(1f));
        Assert.Equal(MathF.ScaleB(1f, -62), SubnormalThreshold.ForSquareTerm(0.25f));
    }

    [Fact]
    public void Every_term_at_or_above_the_threshold_is_normal_and_the_reference_agrees()
    {
        // Every 997th float coefficient in [2^-53, 1] (about 446,000; every one of them was checked once, off-line):
        // at |g| = T both g * g and c * (g * g) round to at least 2^-126, and both are monotone in |g|.
        var low = BitConverter.SingleToUInt32Bits(MathF.ScaleB(1f, -53));
        var high = BitConverter.SingleToUInt32Bits(1f);
        for (var bits = low; bits <= high; bits += 997)
        {
            var c = BitConverter.UInt32BitsToSingle(bits);
            var t = SubnormalThreshold.ForSquareTerm(c);
            Assert.Equal(ReferenceFlush.Threshold(c), t);
            var square = t * t;
            Assert.True(square >= SmallestNormal && c * square >= SmallestNormal, $"c = {c:R}, T = {t:R}");
        }
    }

    public static TheoryData<float> Specials() =>
    [
        0f, -0f, float.Epsilon, -float.Epsilon, MathF.BitDecrement(SmallestNormal), SmallestNormal, -SmallestNormal,
        1e-20f, -1e-20f, 1f, float.PositiveInfinity, float.NegativeInfinity, float.NaN,
    ];

    [Theory]
    [MemberData(nameof(Specials))]
    public void Every_lane_width_zeroes_the_same_bits_as_the_scalar_lane(float value)
    {
        var expected = BitConverter.SingleToUInt32Bits(ScalarLane.ZeroWhereMagnitudeBelow(new(value), new(SmallestNormal)).Value);
        Assert.Equal(expected, BitConverter.SingleToUInt32Bits(MathF.Abs(value) < SmallestNormal ? 0f : value));
        var threshold = SmallestNormal;
        Assert.All(
            [
                Vector128LaneResult(value, threshold),
                Vector256LaneResult(value, threshold),
                Vector512LaneResult(value, threshold),
            ],
            bits => Assert.Equal(expected, bits));
    }

    private static uint Vector128LaneResult(float value, float threshold) =>
        BitConverter.SingleToUInt32Bits(Vector128Lane.ZeroWhereMagnitudeBelow(new(Vector128.Create(value)), new(Vector128.Create(threshold))).Value.GetElement(3));

    private static uint Vector256LaneResult(float value, float threshold) =>
        BitConverter.SingleToUInt32Bits(Vector256Lane.ZeroWhereMagnitudeBelow(new(Vector256.Create(value)), new(Vector256.Create(threshold))).Value.GetElement(7));

    private static uint Vector512LaneResult(float value, float threshold) =>
        BitConverter.SingleToUInt32Bits(Vector512Lane.ZeroWhereMagnitudeBelow(new(Vector512.Create(value)), new(Vector512.Create(threshold))).Value.GetElement(15));
}
