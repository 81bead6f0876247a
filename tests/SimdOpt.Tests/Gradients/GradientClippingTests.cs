using SimdOpt.Tests.Support;
using FsCheck;
using FsCheck.Xunit;
using SimdOpt.Gradients;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Tests.Gradients;

[Collection(SerialCollection.Name)]
public class GradientClippingTests
{
    private static float[] Gradients(int length, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }

        return values;
    }

    /// <summary>The documented scaling, written plainly: factor in double, rounded to float once, one multiplication each.</summary>
    private static float[] ExpectedClip(float[] values, double maxNorm, out double norm)
    {
        norm = Math.Sqrt(NormReference.SumOfSquaresInOrder(values));
        var factor = maxNorm / (norm + 1e-6);
        var result = (float[])values.Clone();
        if (factor < 1)
        {
            var f = (float)factor;
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = values[i] * f;
            }
        }

        return result;
    }

    [Fact]
    public void Clips_a_3_4_vector_to_norm_1()
    {
        float[] g = [3, 4];
        var norm = GradientClipping.ClipByGlobalNorm(g, 1.0);
        Assert.Equal(5.0, norm);
        var f = (float)(1.0 / (5.0 + 1e-6));
        Assert.Equal([3 * f, 4 * f], g);
        Assert.Equal(1.0, GradientClipping.GlobalNorm(g), 5);
    }

    [Fact]
    public void Leaves_gradients_under_the_limit_untouched()
    {
        float[] g = [3, 4];
        Assert.Equal(5.0, GradientClipping.ClipByGlobalNorm(g, 5.0 + 1e-6));
        Assert.Equal([3f, 4f], g);

        // As in PyTorch, a norm equal to the limit is still scaled, by maxNorm / (norm + 1e-6).
        Assert.Equal(5.0, GradientClipping.ClipByGlobalNorm(g, 5.0));
        var f = (float)(5.0 / (5.0 + 1e-6));
        Assert.Equal([3 * f, 4 * f], g);
        Assert.Equal(0.0, GradientClipping.ClipByGlobalNorm(Span<float>.Empty, 1.0));
    }

    [Property(MaxTest = 300)]
    public void Clipping_equals_the_documented_scaling_bit_for_bit(NonNegativeInt lengthSeed, NonNegativeInt offsetSeed, int seed, NonNegativeInt maxSeed)
    {
        var length = lengthSeed.Get % 301;
        var offset = offsetSeed.Get % 16;
        var backing = Gradients(offset + length + 5, seed, 10);
        var original = backing.AsSpan(offset, length).ToArray();
        var maxNorm = (maxSeed.Get % 2000) / 100.0;
        var expected = ExpectedClip(original, maxNorm, out var expectedNorm);
        var before = (float[])backing.Clone();

        var norm = GradientClipping.ClipByGlobalNorm(backing.AsSpan(offset, length), maxNorm);

        Assert.Equal(expectedNorm, norm);
        Assert.Equal(expected, backing.AsSpan(offset, length).ToArray());
        Assert.Equal(before.AsSpan(0, offset).ToArray(), backing.AsSpan(0, offset).ToArray());
        Assert.Equal(before.AsSpan(offset + length).ToArray(), backing.AsSpan(offset + length).ToArray());
        Assert.True(GradientClipping.GlobalNorm(backing.AsSpan(offset, length)) <= Math.Max(maxNorm, norm) * (1 + 1e-6));
    }

    [Theory]
    [InlineData(1_000_003)]
    [InlineData(65_537)]
    public void Large_odd_sizes_clip_as_documented(int length)
    {
        var g = Gradients(length, length);
        var expected = ExpectedClip(g, 1.0, out var expectedNorm);
        Assert.Equal(expectedNorm, GradientClipping.ClipByGlobalNorm(g, 1.0));
        Assert.Equal(expected, g);
    }

    [Property(MaxTest = 200)]
    public void Regions_clip_jointly_and_leave_the_rest_alone(NonNegativeInt[] cuts, int seed, NonNegativeInt maxSeed)
    {
        var buffer = Gradients(500, seed, 5);
        var before = (float[])buffer.Clone();
        var points = cuts.Select(c => c.Get % 501).Distinct().Order().ToArray();
        var regions = new List<Range>();
        for (var i = 0; i + 1 < points.Length; i += 2)
        {
            regions.Add(points[i]..points[i + 1]);
        }

        var maxNorm = (maxSeed.Get % 500) / 10.0;
        var sum = 0.0;
        for (var j = 0; j < regions.Count; j++)
        {
            var s = NormReference.SumOfSquaresInOrder(before.AsSpan()[regions[j]]);
            sum = j == 0 ? s : sum + s;
        }

        var expectedNorm = Math.Sqrt(sum);
        var factor = maxNorm / (expectedNorm + 1e-6);
        Assert.Equal(expectedNorm, GradientClipping.GlobalNorm(buffer, regions.ToArray()));

        var norm = GradientClipping.ClipByGlobalNorm(buffer, regions.ToArray(), maxNorm);

        Assert.Equal(expectedNorm, norm);
        for (var i = 0; i < buffer.Length; i++)
        {
            var inside = regions.Any(r => r.Start.Value <= i && i < r.End.Value);
            var expected = inside && factor < 1 ? before[i] * (float)factor : before[i];
            Assert.Equal(expected, buffer[i]);
        }
    }

    [Fact]
    public void Tensor_names_clip_the_named_tensors_as_the_equivalent_regions()
    {
        var layout = ParameterLayout.Create(("W1", [7, 13]), ("b1", [13]), ("W2", [13, 3]), ("b2", [3]));
        var viaNames = new ParameterBuffer(layout);
        Gradients(layout.TotalLength, 3, 4).CopyTo(viaNames.Span);
        var viaRanges = (float[])viaNames.Span.ToArray();
        Range[] regions = [TensorRange(layout["W1"]), TensorRange(layout["W2"])];

        var a = GradientClipping.ClipByGlobalNorm(viaNames, ["W2", "W1"], 0.5);
        var b = GradientClipping.ClipByGlobalNorm(viaRanges, regions, 0.5);

        Assert.Equal(b, a);
        Assert.Equal(viaRanges, viaNames.Span.ToArray());
        Assert.NotEqual(0.5, a);

        var whole = new ParameterBuffer(layout);
        Gradients(layout.TotalLength, 3, 4).CopyTo(whole.Span);
        var copy = whole.Span.ToArray();
        Assert.Equal(GradientClipping.ClipByGlobalNorm(copy, 0.5), GradientClipping.ClipByGlobalNorm(whole, 0.5));
        Assert.Equal(copy, whole.Span.ToArray());
    }

    private static Range TensorRange(TensorInfo t) => t.Offset..(t.Offset + t.Length);

    [Theory]
    [InlineData(NonFiniteGradientPolicy.Skip)]
    [InlineData(NonFiniteGradientPolicy.Propagate)]
    public void Non_finite_norms_leave_the_gradients_unchanged_under_skip_and_propagate(NonFiniteGradientPolicy policy)
    {
        foreach (var bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var g = Gradients(100, 1, 100);
            g[57] = bad;
            var before = (float[])g.Clone();
            var norm = GradientClipping.ClipByGlobalNorm(g, 1.0, policy);
            Assert.False(double.IsFinite(norm));
            Assert.Equal(float.IsNaN(bad), double.IsNaN(norm));
            Assert.Equal(before, g);
        }
    }

    [Fact]
    public void Non_finite_norms_throw_before_any_write_under_throw()
    {
        var g = Gradients(100, 1, 100);
        g[57] = float.NaN;
        g[80] = float.PositiveInfinity;
        var before = (float[])g.Clone();
        var e = Assert.Throws<NonFiniteGradientException>(() => GradientClipping.ClipByGlobalNorm(g, 1.0, NonFiniteGradientPolicy.Throw));
        Assert.Equal(57, e.Index);
        Assert.Equal(before, g);

        var regions = new[] { 10..20, 70..90 };
        e = Assert.Throws<NonFiniteGradientException>(() => GradientClipping.ClipByGlobalNorm(g, regions, 1.0, NonFiniteGradientPolicy.Throw));
        Assert.Equal(80, e.Index);
        Assert.Equal(before, g);

        var layout = ParameterLayout.Create(("W", [10, 5]), ("b", [50]));
        var buffer = new ParameterBuffer(layout);
        g.AsSpan(0, 100).CopyTo(buffer.Span);
        e = Assert.Throws<NonFiniteGradientException>(() => GradientClipping.ClipByGlobalNorm(buffer, 1.0, NonFiniteGradientPolicy.Throw));
        Assert.Equal("b", e.TensorName);
        Assert.Equal(57, e.Index);
        e = Assert.Throws<NonFiniteGradientException>(() => GradientClipping.ClipByGlobalNorm(buffer, ["b"], 1.0, NonFiniteGradientPolicy.Throw));
        Assert.Equal("b", e.TensorName);
        Assert.Equal(before, buffer.Span.ToArray());
        // The finite tensor alone clips normally.
        Assert.True(double.IsFinite(GradientClipping.ClipByGlobalNorm(buffer, ["W"], 1.0, NonFiniteGradientPolicy.Throw)));
    }

    [Fact]
    public void Bad_arguments_throw_before_anything_is_read_or_written()
    {
        var g = Gradients(40, 2, 10);
        var before = (float[])g.Clone();
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(g, -1)).ParamName);
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(g, double.NaN)).ParamName);
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(g, double.PositiveInfinity)).ParamName);
        Assert.Equal("nonFinite", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(g, 1, (NonFiniteGradientPolicy)9)).ParamName);
        Assert.Equal("regions", Assert.Throws<ArgumentException>(() => GradientClipping.ClipByGlobalNorm(g, [0..10, 5..20], 0.1)).ParamName);
        Assert.Equal("regions", Assert.Throws<ArgumentException>(() => GradientClipping.ClipByGlobalNorm(g, [20..30, 0..10], 0.1)).ParamName);
        Assert.Equal("regions", Assert.Throws<ArgumentException>(() => GradientClipping.ClipByGlobalNorm(g, [0..10, 30..41], 0.1)).ParamName);
        Assert.Equal("regions", Assert.Throws<ArgumentException>(() => GradientClipping.GlobalNorm(g, [^50..])).ParamName);
        Assert.Equal(before, g);

        var layout = ParameterLayout.Create(("W", [4]), ("b", [2]));
        var buffer = new ParameterBuffer(layout);
        Assert.Throws<KeyNotFoundException>(() => GradientClipping.ClipByGlobalNorm(buffer, ["nope"], 1));
        Assert.Equal("tensorNames", Assert.Throws<ArgumentException>(() => GradientClipping.ClipByGlobalNorm(buffer, ["W", "b", "W"], 1)).ParamName);
        Assert.Equal("clipValue", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByValue(g, -1f)).ParamName);
        Assert.Equal("clipValue", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByValue(g, float.NaN)).ParamName);
        Assert.Equal(before, g);
    }

    [Fact]
    public void A_zero_limit_zeroes_the_gradients()
    {
        float[] g = [1, -2, 0];
        GradientClipping.ClipByGlobalNorm(g, 0.0);
        Assert.All(g, x => Assert.Equal(0f, MathF.Abs(x)));
    }

    [Fact]
    public void Value_clipping_clamps_and_keeps_nan_and_signed_zeros()
    {
        float[] g = [-5f, -1f, -0f, 0f, 0.5f, 2f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1f, -1f];
        GradientClipping.ClipByValue(g, 1f);
        float[] expected = [-1f, -1f, -0f, 0f, 0.5f, 1f, 1f, -1f, float.NaN, 1f, -1f];
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), g.Select(BitConverter.SingleToInt32Bits));
    }

    [Property(MaxTest = 200)]
    public void Value_clipping_equals_a_scalar_clamp(NonNegativeInt lengthSeed, NonNegativeInt offsetSeed, int seed, NonNegativeInt clipSeed)
    {
        var length = lengthSeed.Get % 301;
        var offset = offsetSeed.Get % 16;
        var backing = Gradients(offset + length + 2, seed, 10);
        var clip = (clipSeed.Get % 1000) / 100f;
        var expected = backing.Select((x, i) => i >= offset && i < offset + length ? Math.Clamp(x, -clip, clip) : x).ToArray();
        GradientClipping.ClipByValue(backing.AsSpan(offset, length), clip);
        Assert.Equal(expected, backing);
    }

    [Fact]
    public void Clipping_allocates_nothing_after_warm_up()
    {
        var layout = ParameterLayout.Create(("W1", [64, 32]), ("b1", [32]), ("W2", [32, 10]), ("b2", [10]));
        var buffer = new ParameterBuffer(layout);
        var names = new[] { "W1", "W2" };
        Range[] regions = [0..100, 200..(64 * 32)];
        var raw = Gradients(layout.TotalLength, 9, 3);
        void Round()
        {
            raw.CopyTo(buffer.Span);
            GradientClipping.ClipByGlobalNorm(buffer.Span, 1.0);
            GradientClipping.ClipByGlobalNorm(buffer, 0.5, NonFiniteGradientPolicy.Throw);
            GradientClipping.ClipByGlobalNorm(buffer, names, 0.25, NonFiniteGradientPolicy.Skip);
            GradientClipping.ClipByGlobalNorm(buffer.Span, regions, 0.1);
            GradientClipping.GlobalNorm(buffer.Span, regions);
            GradientClipping.ClipByValue(buffer.Span, 0.01f);
        }

        Assert.Equal(0, Allocations.Measure(Round, 1000));
    }
}
