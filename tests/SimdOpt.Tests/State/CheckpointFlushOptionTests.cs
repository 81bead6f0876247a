using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.State;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.State;

/// <summary><see cref="OptimizerOptions.FlushSubnormals"/> in checkpoint headers, including files written before it existed.</summary>
public class CheckpointFlushOptionTests
{
    private static Adam Create(bool flush, bool groupFlush) =>
        new(AllRules.SmallLayout(), 0.01, new AdamOptions { FlushSubnormals = flush }, [ParameterGroup<AdamOptions>.ForTensors("biases", new AdamOptions { FlushSubnormals = groupFlush }, "b1", "b2")]);

    private static byte[] Saved(bool flush, bool groupFlush)
    {
        var adam = Create(flush, groupFlush);
        var parameters = new ParameterBuffer(adam.Layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(parameters.Span, 1);
        AllRules.Fill(gradients.Span, 2);
        adam.Step(parameters, gradients);
        return CheckpointTests.Bytes(adam, parameters);
    }

    /// <summary>The same file as an older version of the library wrote it: without the flush_subnormals keys.</summary>
    private static byte[] WithoutFlushKeys(byte[] file)
    {
        var header = FuzzProperties.CheckpointHeader(file);
        var old = header.Replace(",\"flush_subnormals\":false", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("flush_subnormals", old, StringComparison.Ordinal);
        return FuzzProperties.WithHeader(file, old);
    }

    [Fact]
    public void The_option_round_trips_per_group()
    {
        var bytes = Saved(flush: true, groupFlush: false);
        var header = FuzzProperties.CheckpointHeader(bytes);
        Assert.Contains("\"flush_subnormals\":true", header, StringComparison.Ordinal);
        Assert.Contains("\"flush_subnormals\":false", header, StringComparison.Ordinal);

        var loaded = Create(flush: true, groupFlush: false);
        Checkpoint.Load(new MemoryStream(bytes), loaded, new ParameterBuffer(loaded.Layout));
        Assert.Equal(1, loaded.StepCount);

        var other = Create(flush: false, groupFlush: false);
        var error = Assert.Throws<StateFileMismatchException>(() => Checkpoint.Load(new MemoryStream(bytes), other));
        Assert.Contains("flush_subnormals is true in the checkpoint, false in the target", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_the_option_loads_as_false()
    {
        var old = WithoutFlushKeys(Saved(flush: false, groupFlush: false));
        var loaded = Create(flush: false, groupFlush: false);
        var parameters = new ParameterBuffer(loaded.Layout);
        Checkpoint.Load(new MemoryStream(old), loaded, parameters);
        Assert.Equal(1, loaded.StepCount);

        var flushing = Create(flush: false, groupFlush: true);
        var error = Assert.Throws<StateFileMismatchException>(() => Checkpoint.Load(new MemoryStream(old), flushing));
        Assert.Contains("the checkpoint has no flush_subnormals (target true)", error.Message, StringComparison.Ordinal);
    }
}
