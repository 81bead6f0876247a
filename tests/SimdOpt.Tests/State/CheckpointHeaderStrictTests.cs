using SimdOpt.State;

namespace SimdOpt.Tests.State;

/// <summary>
/// The strict header reader: on every level of the header, a key given twice, one the format does not define, a missing
/// key, a null or a value of the wrong JSON type is rejected before anything changes.
/// </summary>
public class CheckpointHeaderStrictTests
{
    [Theory]
    [InlineData("a top-level key given twice", "\"counter\":4", "\"counter\":4,\"counter\":5", "'counter'")]
    [InlineData("an unknown top-level key", "\"counter\":4", "\"counter\":4,\"epoch\":3", "'epoch'")]
    [InlineData("an unknown key in a layout entry", "{\"name\":\"W2\",\"shape\":[33,31]}", "{\"name\":\"W2\",\"shape\":[33,31],\"dtype\":\"F32\"}", "'dtype'")]
    [InlineData("a key given twice in a group", "\"learning_rate_scale\":1,", "\"learning_rate_scale\":1,\"learning_rate_scale\":1,", "learning_rate_scale")]
    [InlineData("a missing key in a layout entry", "{\"name\":\"W2\",\"shape\":[33,31]}", "{\"name\":\"W2\"}", "shape")]
    [InlineData("a group value of the wrong type", "\"learning_rate_scale\":1,", "\"learning_rate_scale\":\"1\",", "learning_rate_scale")]
    [InlineData("a null kind", "\"kind\":\"Adam\"", "\"kind\":null", "kind")]
    [InlineData("a null state name", "\"states\":[\"exp_avg\",", "\"states\":[\"exp_avg\",null,", "states[1]")]
    public void A_header_with_this_edit_is_rejected_and_changes_nothing(string edit, string find, string replacement, string expected)
    {
        var (source, parameters) = CheckpointTests.Trained();
        var file = CheckpointTests.Bytes(source, parameters, counter: 4);
        var header = FuzzProperties.CheckpointHeader(file);
        var edited = header.Replace(find, replacement, StringComparison.Ordinal);
        Assert.True(header != edited, $"The edit '{edit}' found nothing to replace.");

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
}
