using System.Text;

namespace SimdOpt.Training.Tests.Cli;

/// <summary>
/// Every mistake a user can make on the command line ends in one line on the error stream and exit code 1, found
/// before any training: no stack trace, no hour of training lost to a misspelt output path.
/// </summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly string _folder = CliHarness.TempFolder();

    public CliErrorTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "a-folder"));
        File.WriteAllText(Path.Combine(_folder, "a-file"), "not a folder");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string[]> Mistakes => new()
    {
        { "--moons must be at most 10000000", ["train", "--moons", "2147483647"] },
        { "--hidden", ["train", "--hidden", "100000"] },
        { "--hidden", ["train", "--hidden", "2147483647"] },
        { "--batch-size", ["train", "--moons", "1000000", "--hidden", "100", "100", "--batch-size", "2147483647"] },
        { "pct * total must be above 1", ["train", "--schedule", "onecycle:total=3,pct=0.33333333333333337"] },
        { "--out '{0}/a-file' is a file", ["train", "--out", "{0}/a-file"] },
        { "--out '{0}/a-file' is a file", ["compare", "--out", "{0}/a-file"] },
        { "--out '{0}/a-file' is a file", ["predict", "--weights", "{0}/weights.safetensors", "--data", "{0}/data.csv", "--out", "{0}/a-file"] },
        { "--out '{0}/a-file/sub'", ["train", "--out", "{0}/a-file/sub"] },
        { "--data: '{0}/a-folder' is a folder", ["train", "--data", "{0}/a-folder"] },
        { "--data: the file '{0}/missing.csv' does not exist", ["train", "--data", "{0}/missing.csv"] },
        { "--resume: '{0}/a-folder' is a folder", ["train", "--resume", "{0}/a-folder"] },
        { "--weights: '{0}/a-folder' is a folder", ["predict", "--weights", "{0}/a-folder", "--data", "{0}/data.csv"] },
        { "--data: '{0}/a-folder' is a folder", ["predict", "--weights", "{0}/weights.safetensors", "--data", "{0}/a-folder"] },
        { "--save-weights '{0}/a-folder' is a folder", ["train", "--save-weights", "{0}/a-folder"] },
        { "--checkpoint '{0}/a-folder' is a folder", ["train", "--checkpoint", "{0}/a-folder"] },
        { "the folder '{0}/missing' does not exist", ["train", "--checkpoint", "{0}/missing/run.ckpt"] },
        { "file systems accept at most 255", ["train", "--save-weights", "{0}/" + new string('w', 256)] },
        { "--lookahead takes K or K,ALPHA with K a whole number of at least 1; got '0'", ["train", "--lookahead", "0"] },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_is_one_line_and_exit_code_1_before_any_training(string expected, string[] args)
    {
        WriteWeightsAndData();
        string[] extra = [.. args[0] == "predict" ? [] : new[] { "--epochs", "2" }, .. args.Contains("--out") ? [] : new[] { "--out", Path.Combine(_folder, "out") }];
        var (exitCode, output, error) = CliHarness.Run([.. args.Select(Here), .. extra]);
        Assert.Equal(1, exitCode);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{error}");
        Assert.Contains(Here(expected), lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Wall time", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "out")), "nothing is written on a mistake");
    }

    [Fact]
    public void Errors_from_the_parallel_runs_are_unwrapped()
    {
        var aggregate = new AggregateException(new IOException("first failure"), new InvalidDataException("second failure"));
        var (exitCode, error) = Guarded(() => throw aggregate);
        Assert.Equal(1, exitCode);
        Assert.Equal("error: first failure", error.Trim());
    }

    [Fact]
    public void A_bug_keeps_its_trace()
    {
        var aggregate = new AggregateException(new IOException("user"), new NullReferenceException("bug"));
        Assert.Throws<AggregateException>(() => Guarded(() => throw aggregate));
    }

    [Fact]
    public void An_argument_exception_loses_its_parameter_suffix_and_a_list_keeps_its_dashes()
    {
        var (_, error) = Guarded(() => throw new ArgumentException("--hidden is too wide.\n- first\n- second", "hidden"));
        Assert.Equal("error: --hidden is too wide.; first; second", error.Trim());
    }

    [Fact]
    public void A_file_name_of_255_bytes_is_saved()
    {
        var weights = Path.Combine(_folder, new string('w', 255 - ".safetensors".Length) + ".safetensors");
        var (exitCode, _, error) = CliHarness.Run("train", "--epochs", "2", "--save-weights", weights, "--out", Path.Combine(_folder, "out"));
        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(weights));
        Assert.Equal(255, Encoding.UTF8.GetByteCount(Path.GetFileName(weights)));
    }

    private static (int ExitCode, string Error) Guarded(Func<int> action)
    {
        var error = new StringWriter();
        var command = new System.CommandLine.RootCommand();
        command.SetAction(parseResult => SimdOpt.Cli.Commands.CommandErrors.Guard(parseResult, action));
        var exitCode = command.Parse([]).Invoke(new System.CommandLine.InvocationConfiguration { Output = new StringWriter(), Error = error, EnableDefaultExceptionHandler = false });
        return (exitCode, error.ToString());
    }

    private void WriteWeightsAndData()
    {
        var weights = Path.Combine(_folder, "weights.safetensors");
        if (!File.Exists(weights))
        {
            var (exitCode, _, error) = CliHarness.Run("train", "--epochs", "1", "--save-weights", weights, "--out", Path.Combine(_folder, "trained"));
            Assert.True(exitCode == 0, error);
            File.WriteAllText(Path.Combine(_folder, "data.csv"), "x1,x2,label\n0,0,0\n1,1,1\n");
        }
    }

    private string Here(string text) => text.Replace("{0}", _folder, StringComparison.Ordinal);
}
