using SimdOpt.State;

namespace SimdOpt.Tests.State;

/// <summary>The strict header reader: a top-level key given twice, or one the format does not define, is rejected before anything changes.</summary>
public class CheckpointHeaderStrictTests
{
    private static void AssertRejected(Func<string, string> edit, string expected)
    {
        var (source, parameters) = CheckpointTests.Trained();
        var file = CheckpointTests.Bytes(source, parameters, counter: 4);
        var header = FuzzProperties.CheckpointHeader(file);
        var edited = edit(header);
        Assert.NotEqual(header, edited);

        var target = CheckpointTests.Fresh();
        var targetParameters = new SimdOpt.Parameters.ParameterBuffer(target.Layout);
        var before = CheckpointTests.Snapshot(target, targetParameters);
        using var stream = new MemoryStream(FuzzProperties.WithHeader(file, edited));
        var error = Assert.Throws<StateFileFormatException>(() => Checkpoint.Load(stream, target, targetParameters));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, CheckpointTests.Snapshot(target, targetParameters));

        // The unedited header loads into the same target: only the edit was refused.
        using var valid = new MemoryStream(file);
        Assert.Equal(4, Checkpoint.Load(valid, target, targetParameters).Counter);
    }

    [Fact]
    public void A_top_level_key_given_twice_is_rejected()
        => AssertRejected(h => h.Replace("\"counter\":4", "\"counter\":4,\"counter\":5", StringComparison.Ordinal), "'counter'");

    [Fact]
    public void An_unknown_top_level_key_is_rejected()
        => AssertRejected(h => h.Replace("\"counter\":4", "\"counter\":4,\"epoch\":3", StringComparison.Ordinal), "'epoch'");
}
