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
    public void A_lowered_8_bit_minimum_quantizes_the_course_networks_tensors()
    {
        // The course's largest tensor has 10 elements: --min-8bit-size 10 quantizes W1 and W2, 1 quantizes every tensor.
        var float32 = Weights("course-f32", "float32", "5", "2");
        var fromTen = Weights("course-u8-10", ["--state-precision", "8bit", "--min-8bit-size", "10"], "5", "2");
        var fromOne = Weights("course-u8-1", ["--state-precision", "8bit", "--min-8bit-size", "1"], "5", "2");
        Assert.NotEqual(float32, fromTen);
        Assert.NotEqual(float32, fromOne);
        Assert.NotEqual(fromTen, fromOne);
        Assert.Equal(float32, Weights("course-u8-11", ["--state-precision", "8bit", "--min-8bit-size", "11"], "5", "2"));
    }

    [Theory]
    [InlineData("float32", "100", "--state-precision 8bit")]
    [InlineData("bfloat16", "100", "--state-precision 8bit")]
    [InlineData("8bit", "0", "at least 1")]
    public void A_bad_8_bit_minimum_is_refused(string precision, string minimum, string message)
    {
        var result = CliHarness.Run(["train", "-p", "adam", "--state-precision", precision, "--min-8bit-size", minimum, "--epochs", "1", "--out", Path.Combine(_folder, "x")]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_precision_is_refused()
    {
        var result = CliHarness.Run(["train", "-p", "adam", "--state-precision", "int4", "--epochs", "1", "--out", Path.Combine(_folder, "x")]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("int4", result.Error, StringComparison.Ordinal);
    }

    private byte[] Weights(string name, string precision, params string[] hidden) => Weights(name, ["--state-precision", precision], hidden);

    private byte[] Weights(string name, string[] state, params string[] hidden)
    {
        var file = Path.Combine(_folder, name + ".safetensors");
        var result = CliHarness.Run(["train", "-p", "adam", "--epochs", "3", .. state, "--hidden", .. hidden, "--save-weights", file, "--out", Path.Combine(_folder, name)]);
        Assert.True(result.ExitCode == 0, result.Error);
        return File.ReadAllBytes(file);
    }
}
