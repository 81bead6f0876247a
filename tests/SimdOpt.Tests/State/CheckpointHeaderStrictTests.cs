using SimdOpt.State;

namespace SimdOpt.Tests.State;

/// <summary>
/// The strict header reader: on every level of the header, a key given twice, one the format does not define, a missing
/// key, a null or a value of the wrong JSON type is rejected before anything changes.
/// </summary>
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

    [Fact]
    public void An_unknown_key_in_a_layout_entry_is_rejected()
        => AssertRejected(h => h.Replace("{\"name\":\"W2\",\"shape\":[33,31]}", "{\"name\":\"W2\",\"shape\":[33,31],\"dtype\":\"F32\"}", StringComparison.Ordinal), "'dtype'");

    [Fact]
    public void A_key_given_twice_in_a_group_is_rejected()
        => AssertRejected(h => h.Replace("\"learning_rate_scale\":1,", "\"learning_rate_scale\":1,\"learning_rate_scale\":1,", StringComparison.Ordinal), "learning_rate_scale");

    [Fact]
    public void A_missing_key_in_a_layout_entry_is_rejected()
        => AssertRejected(h => h.Replace("{\"name\":\"W2\",\"shape\":[33,31]}", "{\"name\":\"W2\"}", StringComparison.Ordinal), "shape");

    [Fact]
    public void A_group_value_of_the_wrong_type_is_rejected()
        => AssertRejected(h => h.Replace("\"learning_rate_scale\":1,", "\"learning_rate_scale\":\"1\",", StringComparison.Ordinal), "learning_rate_scale");

    [Fact]
    public void A_null_kind_is_rejected()
        => AssertRejected(h => h.Replace("\"kind\":\"Adam\"", "\"kind\":null", StringComparison.Ordinal), "kind");

    [Fact]
    public void A_null_state_name_is_rejected()
        => AssertRejected(h => h.Replace("\"states\":[\"exp_avg\",", "\"states\":[\"exp_avg\",null,", StringComparison.Ordinal), "states[1]");
}
