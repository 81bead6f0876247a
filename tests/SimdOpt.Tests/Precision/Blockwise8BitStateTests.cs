using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Precision;
using SimdOpt.Reference;
using SimdOpt.State;
using SimdOpt.Tests.Support;
using SimdOpt.Threading;

namespace SimdOpt.Tests.Precision;

/// <summary>8-bit block-wise state: the maps, the encoding, small tensors, ranges, threads, checkpoints, inspection and allocation.</summary>
[Collection(SerialCollection.Name)]
public class Blockwise8BitStateTests
{
    [Fact]
    public void The_maps_have_the_documented_values()
    {
        foreach (var map in new[] { ReferenceBlockwise8Bit.SignedMap, ReferenceBlockwise8Bit.UnsignedMap })
        {
            Assert.Equal(256, map.Count);
            Assert.True(map.Zip(map.Skip(1)).All(p => p.First < p.Second), "strictly ascending");
            Assert.Contains(0f, map);
            Assert.Equal(1f, map[255]);
        }

        // Signed, decade 0 (scale 1e-6, one interval [0.1, 1]): +-0.55e-6 next to 0.
        var signed = ReferenceBlockwise8Bit.SignedMap;
        var zero = signed.ToList().IndexOf(0f);
        Assert.Equal((float)(1e-6 * 0.55), signed[zero + 1]);
        Assert.Equal(-(float)(1e-6 * 0.55), signed[zero - 1]);
        // Signed, decade 6 (scale 1, 64 intervals): the largest magnitude below 1 is the last midpoint, 1 - 0.9 / 128.
        Assert.Equal((float)(1 - (0.9 / 128)), signed[254]);
        Assert.Equal(-(float)(1 - (0.9 / 128)), signed[0]);
        Assert.Equal(127, zero);

        // Unsigned, decade 0 (two intervals: boundaries 0.1, 0.55, 1): 0.325e-6 and 0.775e-6 after 0.
        var unsigned = ReferenceBlockwise8Bit.UnsignedMap;
        Assert.Equal(0f, unsigned[0]);
        Assert.Equal((float)(1e-6 * 0.325), unsigned[1]);
        Assert.Equal((float)(1e-6 * 0.775), unsigned[2]);
        Assert.Equal((float)(1 - (0.9 / 256)), unsigned[254]);
    }

    [Fact]
    public void The_bucket_table_gives_the_references_code_for_every_value()
    {
        foreach (var (map, thresholds, codec) in Codecs())
        {
            foreach (var y in CriticalValues(map, thresholds))
            {
                Assert.Equal(ReferenceBlockwise8Bit.Encode(y, map), codec.Encode(y));
            }

            // Every map value encodes to its own code: the nearest value is itself.
            for (var c = 0; c < 256; c++)
            {
                Assert.Equal(c, ReferenceBlockwise8Bit.Encode(map[c], map));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public void Quantize_and_dequantize_of_a_piece_equal_the_element_by_element_codes_and_values_at_every_length(string lane) =>
        Lanes.Run(lane, QuantizeAndDequantizeEveryLength);

    [Theory]
    [MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public void Quantize_gives_the_references_code_at_every_threshold_and_bucket_edge_on_every_lane(string lane) => Lanes.Run(lane, () =>
    {
        // absmax 1 leaves each value as it is, so every path (64, 16, 8 at a time, scalar) meets every edge.
        foreach (var (map, thresholds, codec) in Codecs())
        {
            var values = CriticalValues(map, thresholds);
            var codes = new byte[values.Length];
            codec.Quantize(values, 1f, codes);
            for (var i = 0; i < values.Length; i++)
            {
                Assert.True(ReferenceBlockwise8Bit.Encode(values[i], map) == codes[i], $"lane {lane}: {values[i]} (0x{BitConverter.SingleToUInt32Bits(values[i]):X8}) encoded as {codes[i]}, expected {ReferenceBlockwise8Bit.Encode(values[i], map)}");
            }
        }
    });

    [Theory]
    [MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public void The_block_absmax_is_the_references_in_order_fold_on_every_lane(string lane) => Lanes.Run(lane, () =>
    {
        // A NaN anywhere gives the first NaN's bits with the sign cleared, as MathF.Max folded from 0 does.
        var random = new Random(7);
        for (var length = 0; length <= 300; length++)
        {
            var values = Enumerable.Range(0, length).Select(_ => random.Next(40) switch
            {
                0 => BitConverter.UInt32BitsToSingle(0xFFC00000u | (uint)random.Next(1 << 22)),
                1 => -0f,
                2 => float.NegativeInfinity,
                _ => (float)((random.NextDouble() * 2) - 1) * MathF.ScaleB(1f, random.Next(-30, 10)),
            }).ToArray();
            var expected = 0f;
            foreach (var v in values)
            {
                expected = MathF.Max(expected, MathF.Abs(v));
            }

            Assert.Equal(BitConverter.SingleToUInt32Bits(expected), BitConverter.SingleToUInt32Bits(DynamicMapCodec.AbsMax(values)));
        }
    });

    private static (IReadOnlyList<float> Map, float[] Thresholds, DynamicMapCodec Codec)[] Codecs() =>
        [(ReferenceBlockwise8Bit.SignedMap, DynamicMap.SignedThresholds, DynamicMap.SignedCodec), (ReferenceBlockwise8Bit.UnsignedMap, DynamicMap.UnsignedThresholds, DynamicMap.UnsignedCodec)];

    /// <summary>
    /// Special values, every threshold and its neighbours, every map value, both ends of every bucket of 7 mantissa bits
    /// of both signs (and their outer neighbours), then random values in [-1.1, 1.1) and of magnitudes 1e-8..1.
    /// </summary>
    private static float[] CriticalValues(IReadOnlyList<float> map, float[] thresholds)
    {
        var random = new Random(3);
        var values = new List<float> { 0f, -0f, 1f, -1f, float.NaN, -float.NaN, float.PositiveInfinity, float.NegativeInfinity, 2f, -2f, float.Epsilon, -float.Epsilon };
        values.AddRange(thresholds.Take(255));
        values.AddRange(thresholds.Take(255).Select(t => MathF.BitIncrement(t)));
        values.AddRange(thresholds.Take(255).Select(t => MathF.BitDecrement(t)));
        values.AddRange(map);
        for (var exponent = 103u; exponent <= 128; exponent++)
        {
            for (var prefix = 0u; prefix < 128; prefix++)
            {
                var low = BitConverter.UInt32BitsToSingle((exponent << 23) | (prefix << 16));
                var high = BitConverter.UInt32BitsToSingle((exponent << 23) | (prefix << 16) | 0xFFFF);
                values.AddRange([low, high, MathF.BitDecrement(low), MathF.BitIncrement(high), -low, -high, -MathF.BitDecrement(low), -MathF.BitIncrement(high)]);
            }
        }

        values.AddRange(Enumerable.Range(0, 20_000).Select(_ => (float)((random.NextDouble() * 2.2) - 1.1)));
        values.AddRange(Enumerable.Range(0, 5_000).Select(_ => (float)(Math.Pow(10, -random.NextDouble() * 8) * (random.Next(2) * 2 - 1))));
        return [.. values];
    }

    private static void QuantizeAndDequantizeEveryLength()
    {
        // The widest paths run 64, 32, 16 and 8 elements at a time: lengths 0..300 cover every tail.
        var random = new Random(5);
        foreach (var codec in new[] { DynamicMap.SignedCodec, DynamicMap.UnsignedCodec })
        {
            for (var length = 0; length <= 300; length++)
            {
                var values = Enumerable.Range(0, length).Select(_ => random.Next(8) switch
                {
                    0 => 0f,
                    1 => float.NaN,
                    2 => (float)(Math.Pow(10, -random.NextDouble() * 8) * ((random.Next(2) * 2) - 1)),
                    _ => (float)((random.NextDouble() * 2) - 1),
                }).ToArray();
                foreach (var absmax in new[] { 1f, 0.37f, 0f, float.NaN, float.PositiveInfinity })
                {
                    var codes = new byte[length];
                    codec.Quantize(values, absmax, codes);
                    for (var i = 0; i < length; i++)
                    {
                        Assert.Equal(codec.Encode(absmax > 0f ? values[i] / absmax : 0f), codes[i]);
                    }
                }

                var stored = Enumerable.Range(0, length).Select(_ => (byte)random.Next(256)).ToArray();
                var decoded = new float[length];
                codec.Dequantize(stored, 0.37f, decoded);
                var map = codec == DynamicMap.SignedCodec ? DynamicMap.Signed : DynamicMap.Unsigned;
                Bits.Equal(stored.Select(c => map[c] * 0.37f).ToArray(), decoded, $"decoded, length {length}");
            }
        }
    }

    [Fact]
    public void A_map_with_two_thresholds_in_one_bucket_is_refused()
    {
        // 1 and the next float share their upper 16 bits: the bucket table cannot tell them apart.
        var thresholds = Enumerable.Range(0, 256).Select(k => (float)k).ToArray();
        thresholds[3] = MathF.BitIncrement(2f);
        thresholds[255] = float.PositiveInfinity;
        Assert.Throws<InvalidOperationException>(() => new DynamicMapCodec(new float[256], thresholds));
    }

    [Fact]
    public void Safetensors_of_an_8_bit_state_hold_the_codes_and_scales_as_stored_and_decode_to_the_state()
    {
        // b (10 elements) keeps float32 state; W (4,400) starts at element 10, so its pieces are [10, 256), 16 whole
        // blocks and the tail [4352, 4410): 18 scales.
        var layout = ParameterLayout.Create(("b", [10]), ("W", [44, 100]));
        var adam = new Adam(layout, 1e-3, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit });
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(gradients.Span, 8);
        adam.Step(parameters, gradients);
        adam.Step(parameters, gradients);
        using var file = new MemoryStream();
        SafeTensors.WriteState(file, adam, "exp_avg");
        using var entries = new SafeTensorsEntries(file.ToArray());
        var b = entries.Tensor("b", "F32", [10]);
        var codes = entries.Tensor("W", "U8", [44, 100]);
        var scales = entries.Tensor("W" + SafeTensors.AbsmaxSuffix, "F32", [18]);
        Assert.Equal(40 + 4400 + (4 * 18), entries.DataLength);
        Assert.Equal(3, entries.EntryCount);

        var storage = (Blockwise8BitState)adam.ReducedState!;
        Assert.Equal(storage.Codes(0).Slice(10, 4400).ToArray(), codes);
        Bits.Equal(storage.Scales(0).ToArray(), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(scales.AsSpan()).ToArray(), "scales");
        Bits.Equal(adam.State("exp_avg", "b").ToArray(), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(b.AsSpan()).ToArray(), "b");

        // The file alone gives back the state: element i of W is signed map[code] times the scale of its piece.
        var fileScales = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(scales.AsSpan()).ToArray();
        var decoded = Enumerable.Range(0, 4400).Select(i => ReferenceBlockwise8Bit.SignedMap[codes[i]] * fileScales[((10 + i) / 256) - (10 / 256)]).ToArray();
        Bits.Equal(adam.State("exp_avg", "W").ToArray(), decoded, "W decoded from the file");
    }

    [Fact]
    public void An_8_bit_tensor_whose_scales_name_is_taken_cannot_be_written_as_safetensors()
    {
        var layout = ParameterLayout.Create(("W", [4096]), ("W" + SafeTensors.AbsmaxSuffix, [2]));
        var adam = new Adam(layout, 1e-3, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit });
        using var file = new MemoryStream();
        Assert.Throws<ArgumentException>(() => SafeTensors.WriteState(file, adam, "exp_avg"));
        Assert.Equal(0, file.Length);
    }

    [Fact]
    public void A_block_stores_its_largest_magnitude_and_the_nearest_codes()
    {
        // One block of a 4096-element tensor: m after step 1 of Adam is 0.1 * g. With g = 2 at element 0 and 1 elsewhere,
        // absmax = 0.2f, element 0 encodes y = 1 (code 255) and the rest y = 0.1f / 0.2f = 0.5, whose nearest signed
        // value is the decade-6 midpoint 0.1 + 0.9 * 28.5 / 64 = 0.50078125 (the one below is 0.48671875).
        var layout = ParameterLayout.Create(("w", [4096]));
        var adam = new Adam(layout, 1e-3, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit });
        var p = new float[4096];
        var g = Enumerable.Repeat(1f, 4096).ToArray();
        g[0] = 2f;
        adam.Step(p, g);
        var storage = (Blockwise8BitState)adam.ReducedState!;
        Assert.Equal(16, storage.Scales(0).Length);
        Assert.Equal(0.1f * 2f, storage.Scales(0)[0]);
        Assert.Equal(0.1f * 1f, storage.Scales(0)[1]);
        Assert.Equal(255, storage.Codes(0)[0]);
        var y = (0.1f * 1f) / (0.1f * 2f);
        var signed = ReferenceBlockwise8Bit.SignedMap;
        var nearest = Enumerable.Range(0, 256).OrderBy(c => Math.Abs(signed[c] - (double)y)).First();
        Assert.Equal((float)(0.1 + (0.9 * 28.5 / 64)), signed[nearest]);
        Assert.Equal(nearest, storage.Codes(0)[1]);
        Assert.Equal(signed[nearest] * (0.1f * 2f), adam.State("exp_avg", "w")[1]);
        Assert.Equal(0.1f, adam.State("exp_avg", "w")[256]); // the second block: every element is its absmax, code 255
    }

    [Fact]
    public void Small_tensors_keep_float32_state_bit_for_bit()
    {
        var layout = ParameterLayout.Create(("b", [4095]), ("W", [4096]));
        var eight = new Adam(layout, 1e-3, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit });
        var full = new Adam(layout, 1e-3);
        var p1 = new ParameterBuffer(layout);
        var p2 = p1.CreateSibling();
        var g = p1.CreateSibling();
        AllRules.Fill(g.Span, 6);
        for (var t = 0; t < 3; t++)
        {
            eight.Step(p1, g);
            full.Step(p2, g);
        }

        Bits.Equal(full.State("exp_avg", "b"), eight.State("exp_avg", "b"), "exp_avg of b");
        Bits.Equal(full.State("exp_avg_sq", "b"), eight.State("exp_avg_sq", "b"), "exp_avg_sq of b");
        Bits.Equal(p2["b"], p1["b"], "parameters of b");
        Assert.NotEqual(full.State("exp_avg", "W").ToArray(), eight.State("exp_avg", "W").ToArray());
    }

    [Fact]
    public void A_range_that_cuts_a_block_throws_before_anything_changes()
    {
        var layout = ParameterLayout.Create(("small", [100]), ("large", [5000]));
        var adam = new Adam(layout, 1e-3, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit });
        var p = new float[5100];
        var g = Enumerable.Repeat(0.5f, 5100).ToArray();
        var step = adam.PrepareStep(g);
        adam.ApplyStep(step, p, g, 0, 100); // the small tensor alone: fine
        adam.ApplyStep(step, p, g, 100, 156); // the large tensor's head piece [100, 256): fine
        var before = p.ToArray();
        var error = Assert.Throws<ArgumentException>(() => adam.ApplyStep(step, p, g, 256, 300));
        Assert.Contains("cuts the 8-bit block [512, 768)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, p);
        adam.ApplyStep(step, p, g, 256, 4844);
        adam.CompleteStep(step);
    }

    [Theory]
    [MemberData(nameof(Lanes.All), MemberType = typeof(Lanes))]
    public void Step_workers_cut_on_blocks_and_give_the_bits_of_one_thread(string lane)
    {
        var layout = ParameterLayout.Create(("a", [1000]), ("b", [20_001]), ("c", [4097]), ("d", [7]));
        var options = new AdamOptions { Amsgrad = true, StatePrecision = StatePrecision.Blockwise8Bit };
        var single = new Adam(layout, 1e-3, options);
        var split = new Adam(layout, 1e-3, options);
        ReducedStateDrivers.StepOneThreadAndTwo(layout, single, split, lane);
        var a = (Blockwise8BitState)single.ReducedState!;
        var b = (Blockwise8BitState)split.ReducedState!;
        for (var slot = 0; slot < 3; slot++)
        {
            Assert.Equal(a.Codes(slot).ToArray(), b.Codes(slot).ToArray());
            Bits.Equal(a.Scales(slot), b.Scales(slot), "scales");
            Bits.Equal(a.Floats(slot), b.Floats(slot), "float32 state");
        }
    }

    [Fact]
    public void A_checkpoint_stores_codes_scales_and_small_tensors_and_restores_them_exactly()
    {
        var layout = ParameterLayout.Create(("a", [1000]), ("b", [5000]));
        var options = new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit };
        var adam = new Adam(layout, 1e-3, options);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(parameters.Span, 1);
        AllRules.Fill(gradients.Span, 2);
        for (var t = 0; t < 3; t++)
        {
            adam.Step(parameters, gradients);
        }

        using var file = new MemoryStream();
        Checkpoint.Save(file, adam, parameters);
        var header = (long)BitConverter.ToUInt32(file.GetBuffer(), 12);
        var pieces = ((5999 / 256) - (1000 / 256)) + 1; // the pieces of b: [1000, 1024), 19 whole blocks, [5888, 6000)
        Assert.Equal(21, pieces);
        var slotBytes = 6000 + (4L * pieces) + (4L * 1000);
        Assert.Equal(24 + header + (4L * 6000) + (2 * slotBytes) + 8, file.Length);

        var restored = new Adam(layout, 1e-3, options);
        var restoredParameters = new ParameterBuffer(layout);
        file.Position = 0;
        Checkpoint.Load(file, restored, restoredParameters);
        adam.Step(parameters, gradients);
        restored.Step(restoredParameters, gradients);
        Bits.Equal(parameters.Span, restoredParameters.Span, "the step after the restore");
        for (var slot = 0; slot < 2; slot++)
        {
            Bits.Equal(adam.State(adam.StateNames[slot]).Span, restored.State(adam.StateNames[slot]).Span, adam.StateNames[slot]);
        }
    }

    [Fact]
    public void Steps_with_8_bit_state_allocate_nothing()
    {
        var layout = ParameterLayout.Create(("a", [1000]), ("b", [9000]));
        var adam = new Adam(layout, 1e-3, new AdamOptions { Amsgrad = true, StatePrecision = StatePrecision.Blockwise8Bit });
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(parameters.Span, 1);
        AllRules.Fill(gradients.Span, 2);
        Assert.Equal(0, Allocations.Measure(() => adam.Step(parameters, gradients), 2_000));
    }
}
