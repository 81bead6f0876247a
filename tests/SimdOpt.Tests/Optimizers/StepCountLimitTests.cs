using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.State;

namespace SimdOpt.Tests.Optimizers;

/// <summary>The step count is bounded by <see cref="Optimizer.MaxStepCount"/>: it never wraps, and no file can carry it past that.</summary>
public class StepCountLimitTests
{
    private static readonly ParameterLayout Layout = ParameterLayout.Create(("w", [4]));

    [Fact]
    public void A_step_at_the_limit_throws_before_any_write()
    {
        var adam = new Adam(Layout, 0.1);
        adam.RestoreStepCount(Optimizer.MaxStepCount);
        var parameters = new ParameterBuffer(Layout);
        var gradients = new ParameterBuffer(Layout);
        gradients.Span.Fill(1);

        var error = Assert.Throws<InvalidOperationException>(() => adam.Step(parameters, gradients));

        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
        Assert.Equal(Optimizer.MaxStepCount, adam.StepCount);
        Assert.All(parameters.Span.ToArray(), p => Assert.Equal(0f, p));
    }

    [Fact]
    public void Counts_past_the_limit_are_rejected_by_restore_and_by_checkpoint_load()
    {
        var sgd = new Sgd(Layout, 0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.RestoreStepCount(long.MaxValue));

        // A checkpoint whose header says step_count = long.MaxValue (re-hashed, so only the range check can reject it).
        sgd.RestoreStepCount(Optimizer.MaxStepCount);
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, sgd);
        var bytes = stream.ToArray();

        var target = new Sgd(Layout, 0.1);
        Assert.Throws<StateFileFormatException>(() => Checkpoint.Load(new MemoryStream(WithStepCount(bytes, long.MaxValue)), target));
        Assert.Equal(0, target.StepCount);
    }

    private static byte[] WithStepCount(byte[] checkpoint, long stepCount)
    {
        var headerLength = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(checkpoint.AsSpan(12));
        var header = System.Text.Encoding.UTF8.GetString(checkpoint, 16, headerLength);
        var edited = System.Text.RegularExpressions.Regex.Replace(header, "\"step_count\":[0-9]+", "\"step_count\":" + stepCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var newHeader = System.Text.Encoding.UTF8.GetBytes(edited);
        var result = new List<byte>();
        result.AddRange(checkpoint.AsSpan(0, 12).ToArray());
        result.AddRange(BitConverter.GetBytes((uint)newHeader.Length));
        result.AddRange(newHeader);
        var hash = System.IO.Hashing.XxHash64.HashToUInt64([.. result]);
        result.AddRange(BitConverter.GetBytes(hash));
        result.AddRange(checkpoint.AsSpan(16 + headerLength + 8).ToArray());
        return [.. result];
    }
}
