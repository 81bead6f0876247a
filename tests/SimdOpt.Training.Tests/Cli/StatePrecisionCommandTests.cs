namespace SimdOpt.Training.Tests.Cli;

public sealed class StatePrecisionCommandTests : IDisposable
{
    private readonly string _folder = CliHarness.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Reduced_state_changes_the_weights_only_where_a_tensor_is_stored_reduced()
    {
        // --hidden 64 64 gives W2 64 x 64 = 4,096 elements: the one tensor 8-bit state quantizes. The course's 2-5-2-1
        // network has no tensor that large, so there 8-bit state is float32 state and the weights are the same bits.
        var float32 = Weights("f32", "float32", "64", "64");
        var bfloat16 = Weights("bf16", "bfloat16", "64", "64");
        var eightBit = Weights("u8", "8bit", "64", "64");
        Assert.NotEqual(float32, bfloat16);
        Assert.NotEqual(float32, eightBit);
        Assert.NotEqual(bfloat16, eightBit);
        Assert.Equal(Weights("course-f32", "float32", "5", "2"), Weights("course-u8", "8bit", "5", "2"));
    }

    [Fact]
    public void An_unknown_precision_is_refused()
    {
        var result = CliHarness.Run(["train", "-p", "adam", "--state-precision", "int4", "--epochs", "1", "--out", Path.Combine(_folder, "x")]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("int4", result.Error, StringComparison.Ordinal);
    }

    private byte[] Weights(string name, string precision, params string[] hidden)
    {
        var file = Path.Combine(_folder, name + ".safetensors");
        var result = CliHarness.Run(["train", "-p", "adam", "--epochs", "3", "--state-precision", precision, "--hidden", .. hidden, "--save-weights", file, "--out", Path.Combine(_folder, name)]);
        Assert.True(result.ExitCode == 0, result.Error);
        return File.ReadAllBytes(file);
    }
}
