namespace SimdOpt.Training.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = CliHarness.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("--help")]
    [InlineData("compare", "--help")]
    [InlineData("train", "--help")]
    public void Help_is_available_everywhere(params string[] args)
    {
        var (exitCode, output, _) = CliHarness.Run(args);
        Assert.Equal(0, exitCode);
        Assert.Contains("--out", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_command_it_runs_compare()
    {
        var (exitCode, output, error) = CliHarness.Run("--epochs", "3", "--out", _folder);
        Assert.True(exitCode == 0, error);
        Assert.Contains("[adamw] done: 3 epochs", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "summary.json")));
    }

    [Fact]
    public void Train_help_lists_every_optimizer()
    {
        var output = CliHarness.Run("train", "--help").Output;
        foreach (var name in SimdOpt.Catalog.RuleCatalog.Presets.Select(p => p.CliName))
        {
            Assert.Contains(name, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("train", "--optimizer", "adafactor")]
    [InlineData("train", "--epochs", "0")]
    [InlineData("train", "--epochs", "many")]
    [InlineData("train", "--batch-size", "-3")]
    [InlineData("train", "--lr", "-1")]
    [InlineData("train", "--data", "/no/such/file.csv")]
    [InlineData("train", "--data", "x.csv", "--moons", "100")]
    [InlineData("train", "--hidden", "5", "0")]
    [InlineData("compare", "--no-such-option")]
    public void Bad_options_fail_with_a_message_before_training(params string[] args)
    {
        var (exitCode, output, error) = CliHarness.Run([.. args, "--out", _folder]);
        Assert.NotEqual(0, exitCode);
        Assert.False(string.IsNullOrWhiteSpace(error), output);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData("--beta1", "1.5", "Beta1")]
    [InlineData("--eps", "0", "Epsilon")]
    public void Bad_hyperparameters_name_the_parameter(string option, string value, string name)
    {
        var (exitCode, _, error) = CliHarness.Run("train", "--optimizer", "adam", option, value, "--out", _folder);
        Assert.Equal(1, exitCode);
        Assert.Contains(name, error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Malformed_csv_names_the_line_and_trains_nothing()
    {
        var csv = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(csv, "x1,x2,label\n0.1,0.2,1\n0.3,oops,0\n");
        var (exitCode, _, error) = CliHarness.Run("train", "--data", csv, "--out", Path.Combine(_folder, "out"));
        Assert.Equal(1, exitCode);
        Assert.Contains("line 3", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "out")));
    }

    [Fact]
    public void Train_runs_one_optimizer_on_a_csv_file_with_custom_hidden_layers()
    {
        var csv = Path.Combine(_folder, "points.csv");
        File.WriteAllText(csv, "x1,x2,label\n0,0,0\n1,1,1\n0,1,0\n1,0,1\n0.1,0.1,0\n0.9,0.9,1\n");
        var (exitCode, output, error) = CliHarness.Run("train", "-p", "nesterov", "--lr", "0.05", "--momentum", "0.8", "--epochs", "50", "--batch-size", "4", "--hidden", "3", "--data", csv, "--out", _folder);
        Assert.True(exitCode == 0, error);
        Assert.Contains("[nesterov] done: 50 epochs", output, StringComparison.Ordinal);
        var json = File.ReadAllText(Path.Combine(_folder, "summary.json"));
        Assert.Contains("\"momentum\": 0.8", json, StringComparison.Ordinal);
        Assert.Contains("\"layerSizes\": [\n    2,\n    3,\n    1\n  ]", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "boundary-nesterov.png")));
    }
}
