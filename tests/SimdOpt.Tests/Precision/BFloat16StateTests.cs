using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Precision;
using SimdOpt.Reference;
using SimdOpt.State;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Precision;

/// <summary>bfloat16 state: the encodings on hand-computed values, Adam's first step, inspection, checkpoints, validation and allocation.</summary>
[Collection(SerialCollection.Name)]
public class BFloat16StateTests
{
    /// <summary>Values whose bfloat16 encodings are worked out by hand from their bits.</summary>
    public static TheoryData<uint, ushort> NearestEvenExamples => new()
    {
        { 0x3F808000, 0x3F80 }, // 1 + 2^-8: a tie, the even neighbour 1.0
        { 0x3F818000, 0x3F82 }, // 1 + 3 * 2^-8: a tie, the even neighbour 1 + 2^-6
        { 0x3F808001, 0x3F81 }, // just above the tie: up
        { 0x3D4CCCCD, 0x3D4D }, // 0.05f: lower half 0xCCCD > 0x8000, up to 0.050048828125
        { 0x39831270, 0x3983 }, // about 0.00025: lower half 0x1270 < 0x8000, down to 0.000249862670898
        { 0x7F7FFFFF, 0x7F80 }, // float.MaxValue rounds past the largest bfloat16: +infinity
        { 0xFF800000, 0xFF80 }, // -infinity stays
        { 0x80000000, 0x8000 }, // -0 stays
        { 0x00000001, 0x0000 }, // the smallest subnormal rounds to +0
        { 0x7F800001, 0x7FC0 }, // a signalling NaN becomes quiet
        { 0xFFC12345, 0xFFC1 }, // a quiet NaN keeps its sign and upper payload
    };

    [Theory]
    [MemberData(nameof(NearestEvenExamples))]
    public void Rounding_to_nearest_even_gives_the_hand_computed_bits(uint floatBits, ushort expected)
    {
        var value = BitConverter.UInt32BitsToSingle(floatBits);
        Assert.Equal(expected, ReferenceBFloat16.RoundNearestEven(value));
        foreach (var length in new[] { 1, 17, 64 })
        {
            var source = Enumerable.Repeat(value, length).ToArray();
            var encoded = new ushort[length];
            BFloat16Conversion.RoundNearestEven(source, encoded);
            Assert.All(encoded, e => Assert.Equal(expected, e));
        }
    }

    [Fact]
    public void Stochastic_rounding_rounds_up_exactly_when_the_random_bits_carry()
    {
        var value = BitConverter.UInt32BitsToSingle(0x3F80C000); // 1 + 1.5 * 2^-8: three quarters of the way to 1 + 2^-7
        Assert.Equal(0x3F80, ReferenceBFloat16.RoundStochastic(value, 0x3FFF));
        Assert.Equal(0x3F81, ReferenceBFloat16.RoundStochastic(value, 0x4000));
        Assert.Equal(0x3F81, ReferenceBFloat16.RoundStochastic(value, 0xFFFF4000)); // only the lower 16 random bits count
        Assert.Equal(0x3F80, ReferenceBFloat16.RoundStochastic(1f, 0xFFFF)); // exact values never move
        Assert.Equal(0x7FC0, ReferenceBFloat16.RoundStochastic(BitConverter.UInt32BitsToSingle(0x7F800001), 0xFFFF));
    }

    [Fact]
    public void Stochastic_rounding_is_unbiased_over_many_elements()
    {
        const int n = 1 << 16;
        var value = BitConverter.UInt32BitsToSingle(0x3F80C000);
        var source = Enumerable.Repeat(value, n).ToArray();
        var encoded = new ushort[n];
        BFloat16Conversion.RoundStochastic(source, encoded, 0, StochasticRounding.Key(42, 1, 0));
        var mean = encoded.Average(e => (double)ReferenceBFloat16.ToSingle(e));
        Assert.InRange(mean, value - 2e-5, value + 2e-5);
        Assert.InRange(encoded.Count(e => e == 0x3F81) / (double)n, 0.74, 0.76);
    }

    [Fact]
    public void The_conversion_kernels_equal_the_reference_at_every_length_and_offset()
    {
        var random = new Random(5);
        var specials = new[] { 0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN, BitConverter.UInt32BitsToSingle(0x7F800001), BitConverter.UInt32BitsToSingle(0xFFFFFFFF), 1f + MathF.ScaleB(1f, -8) };
        var pool = new float[400];
        for (var i = 0; i < pool.Length; i++)
        {
            pool[i] = i % 7 == 0 ? specials[i % specials.Length] : BitConverter.UInt32BitsToSingle((uint)random.NextInt64(0, 1L << 32));
        }

        for (var length = 0; length <= 300; length++)
        {
            var offset = length % 16;
            var source = pool.AsSpan(offset, length);
            var nearest = new ushort[length];
            var stochastic = new ushort[length];
            var widened = new float[length];
            var key = StochasticRounding.Key(9, length, 1);
            BFloat16Conversion.RoundNearestEven(source, nearest);
            BFloat16Conversion.RoundStochastic(source, stochastic, (uint)(1000 + offset), key);
            BFloat16Conversion.Widen(nearest, widened);
            for (var i = 0; i < length; i++)
            {
                Assert.Equal(ReferenceBFloat16.RoundNearestEven(source[i]), nearest[i]);
                Assert.Equal(ReferenceBFloat16.RoundStochastic(source[i], ReferenceBFloat16.RandomBits(9, length, 1, 1000 + offset + i)), stochastic[i]);
                Assert.Equal(BitConverter.SingleToUInt32Bits(ReferenceBFloat16.ToSingle(nearest[i])), BitConverter.SingleToUInt32Bits(widened[i]));
            }
        }
    }

    [Fact]
    public void Adams_first_step_stores_the_hand_computed_moments_and_moves_the_parameter_as_float32_state_would()
    {
        // g = 0.5: m = 0.1f * 0.5f = 0.05f (bits 0x3D4CCCCD) -> bfloat16 0x3D4D = 0.050048828125;
        // v = (float)(1 - 0.999) * 0.25f = 0.00025000001 (bits 0x39831270) -> bfloat16 0x3983 = 0.000249862670898437.
        // The parameter uses the unrounded m and v, so it equals the float32-state step: 1 - 0.1 * (1 - tiny).
        var layout = ParameterLayout.Create(("w", [1]));
        var reduced = new Adam(layout, 0.1, new AdamOptions { StatePrecision = StatePrecision.BFloat16 });
        var full = new Adam(layout, 0.1);
        float[] p1 = [1f], p2 = [1f], g = [0.5f];
        reduced.Step(p1, g);
        full.Step(p2, g);
        Assert.Equal(0.050048828125f, reduced.State("exp_avg", "w")[0]);
        Assert.Equal(0.000249862670898437f, reduced.State("exp_avg_sq", "w")[0]);
        Assert.Equal(BitConverter.SingleToUInt32Bits(p2[0]), BitConverter.SingleToUInt32Bits(p1[0]));
        Assert.InRange(p1[0], 0.8999999f, 0.9000001f);

        // Step 2 at g = 0.5 decodes those values: m = 0.9f * 0.050048828125 + 0.1f * 0.5f.
        reduced.Step(p1, g);
        var m2 = (0.9f * 0.050048828125f) + (0.1f * 0.5f);
        Assert.Equal(ReferenceBFloat16.ToSingle(ReferenceBFloat16.RoundNearestEven(m2)), reduced.State("exp_avg", "w")[0]);
    }

    [Fact]
    public void State_gives_a_decoded_copy_that_does_not_write_back()
    {
        var layout = ParameterLayout.Create(("w", [3]));
        var adam = new Adam(layout, 0.1, new AdamOptions { StatePrecision = StatePrecision.BFloat16 });
        float[] p = [1f, 2f, 3f], g = [0.5f, -1f, 2f];
        adam.Step(p, g);
        var copy = adam.State("exp_avg");
        Assert.Equal([0.050048828125f, -0.10009765625f, 0.2001953125f], copy.Span.ToArray());
        copy.Span.Fill(9f);
        Assert.Equal(0.050048828125f, adam.State("exp_avg", "w")[0]);
        Assert.Equal(StatePrecision.BFloat16, adam.StatePrecision);
    }

    [Fact]
    public void A_checkpoint_stores_the_bfloat16_bits_and_restores_them_exactly()
    {
        var layout = AllRules.SmallLayout();
        var options = new AdamOptions { Amsgrad = true, StatePrecision = StatePrecision.BFloat16, StochasticRoundingSeed = 3 };
        var adam = new Adam(layout, 1e-3, options);
        var full = new Adam(layout, 1e-3, new AdamOptions { Amsgrad = true });
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(parameters.Span, 1);
        AllRules.Fill(gradients.Span, 2);
        for (var t = 0; t < 3; t++)
        {
            adam.Step(parameters, gradients);
        }

        using var reducedFile = new MemoryStream();
        using var fullFile = new MemoryStream();
        Checkpoint.Save(reducedFile, adam, parameters);
        Checkpoint.Save(fullFile, full, parameters);
        var header = (long)BitConverter.ToUInt32(reducedFile.GetBuffer(), 12);
        var fullHeader = (long)BitConverter.ToUInt32(fullFile.GetBuffer(), 12);
        Assert.Equal(24 + header + (4L * layout.TotalLength) + (3 * 2L * layout.TotalLength) + 8, reducedFile.Length);
        Assert.Equal(fullFile.Length - fullHeader - (3 * 2L * layout.TotalLength), reducedFile.Length - header);

        var restored = new Adam(layout, 1e-3, options);
        var restoredParameters = new ParameterBuffer(layout);
        reducedFile.Position = 0;
        Checkpoint.Load(reducedFile, restored, restoredParameters);
        for (var slot = 0; slot < 3; slot++)
        {
            Assert.Equal(ReducedStateCase.Bits(adam, slot), ReducedStateCase.Bits(restored, slot));
        }

        adam.Step(parameters, gradients);
        restored.Step(restoredParameters, gradients);
        Bits.Equal(parameters.Span, restoredParameters.Span, "the step after the restore");

        reducedFile.Position = 0;
        var error = Assert.Throws<StateFileMismatchException>(() => Checkpoint.Load(reducedFile, new Adam(layout, 1e-3, new AdamOptions { Amsgrad = true })));
        Assert.Contains("state_precision", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Float32_options_are_stored_as_before_without_the_new_keys()
    {
        var layout = ParameterLayout.Create(("w", [4]));
        using var file = new MemoryStream();
        Checkpoint.Save(file, new Adam(layout, 0.1));
        var header = System.Text.Encoding.UTF8.GetString(file.GetBuffer(), 16, (int)BitConverter.ToUInt32(file.GetBuffer(), 12));
        Assert.DoesNotContain("state_precision", header, StringComparison.Ordinal);
        Assert.DoesNotContain("stochastic_rounding_seed", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_precision_settings_throw_before_anything_is_built()
    {
        var layout = ParameterLayout.Create(("a", [4]), ("b", [4]));
        var seedAlone = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(layout, 0.1, new AdamOptions { StochasticRoundingSeed = 1 }));
        Assert.Equal(nameof(OptimizerOptions.StochasticRoundingSeed), seedAlone.ParamName);
        var unknown = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(layout, 0.1, new AdamOptions { StatePrecision = (StatePrecision)99 }));
        Assert.Equal(nameof(OptimizerOptions.StatePrecision), unknown.ParamName);
        var mixed = Assert.Throws<ArgumentException>(() => new Adam(
            layout, 0.1, new AdamOptions { StatePrecision = StatePrecision.BFloat16 }, [new ParameterGroup<AdamOptions>("b", t => t.Name == "b", new AdamOptions())]));
        Assert.Contains("state precision", mixed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_with_bfloat16_state_allocate_nothing()
    {
        var layout = AllRules.SmallLayout();
        foreach (var seed in new ulong?[] { null, 11 })
        {
            var adam = new Adam(layout, 1e-3, new AdamOptions { Amsgrad = true, StatePrecision = StatePrecision.BFloat16, StochasticRoundingSeed = seed });
            var parameters = new ParameterBuffer(layout);
            var gradients = parameters.CreateSibling();
            AllRules.Fill(parameters.Span, 1);
            AllRules.Fill(gradients.Span, 2);
            Assert.Equal(0, Allocations.Measure(() => adam.Step(parameters, gradients), 10_000));
        }
    }

    [Fact]
    public void Safetensors_of_a_bfloat16_state_hold_BF16_tensors_with_the_stored_bits()
    {
        var layout = ParameterLayout.Create(("W", [2, 3]), ("b", [3]));
        var adam = new Adam(layout, 0.1, new AdamOptions { StatePrecision = StatePrecision.BFloat16 });
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(gradients.Span, 4);
        adam.Step(parameters, gradients);
        using var file = new MemoryStream();
        SafeTensors.WriteState(file, adam, "exp_avg_sq");
        using var entries = new SafeTensorsEntries(file.ToArray());
        byte[] data = [.. entries.Tensor("W", "BF16", [2, 3]), .. entries.Tensor("b", "BF16", [3])];
        Assert.Equal(2 * layout.TotalLength, entries.DataLength);
        Assert.Equal(2, entries.EntryCount);
        var stored = ReducedStateCase.Bits(adam, 1);
        Assert.Equal(2 * stored.Length, data.Length);
        for (var i = 0; i < stored.Length; i++)
        {
            Assert.Equal(stored[i], BitConverter.ToUInt16(data, 2 * i));
        }

        Assert.Throws<KeyNotFoundException>(() => SafeTensors.WriteState(new MemoryStream(), adam, "momentum_buffer"));
    }
}
