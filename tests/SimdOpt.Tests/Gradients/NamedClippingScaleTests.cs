using System.Diagnostics;
using SimdOpt.Gradients;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Gradients;

/// <summary>Clipping by tensor names costs O(n log n) in the number of names, not O(n^2), and still allocates nothing.</summary>
public class NamedClippingScaleTests
{
    private static ParameterBuffer Many(int count, out string[] names)
    {
        var builder = new ParameterLayout.Builder();
        names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = "t" + i;
            builder.Add(names[i], 2);
        }

        var buffer = new ParameterBuffer(builder.Build());
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer.Span[i] = (i % 7) - 3;
        }

        return buffer;
    }

    [Fact]
    public void Fifty_thousand_names_clip_as_the_regions_they_name_and_in_linearithmic_time()
    {
        // Pairwise checks of 50,000 names are 1.25e9 string comparisons (about a minute); one sort is milliseconds.
        var buffer = Many(50_000, out var names);
        var regions = buffer.Layout.Tensors.Select(t => t.Offset..(t.Offset + t.Length)).ToArray();
        var viaRegions = buffer.Span.ToArray();
        var expectedNorm = GradientClipping.ClipByGlobalNorm(viaRegions, regions, 1.0);
        Array.Reverse(names);
        var stopwatch = Stopwatch.StartNew();
        var norm = GradientClipping.ClipByGlobalNorm(buffer, names, 1.0);
        stopwatch.Stop();
        Assert.Equal(expectedNorm, norm);
        Bits.Equal(viaRegions, buffer.Span, "names against regions");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void A_repeated_name_is_reported_with_both_positions()
    {
        var buffer = Many(1000, out var names);
        names[900] = "t3";
        var before = buffer.Span.ToArray();
        var error = Assert.Throws<ArgumentException>(() => GradientClipping.ClipByGlobalNorm(buffer, names, 0.001));
        Assert.Equal("tensorNames", error.ParamName);
        Assert.Contains("'t3' is named twice (at 3 and 900)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, buffer.Span.ToArray());
    }

    [Fact]
    public void Many_names_allocate_nothing_after_warm_up()
    {
        var buffer = Many(1000, out var names);
        Assert.Equal(0, Allocations.Measure(() => GradientClipping.ClipByGlobalNorm(buffer, names, 1e9, NonFiniteGradientPolicy.Throw), 100));
    }
}
