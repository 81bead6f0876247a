using System.Text.Json;

namespace SimdOpt.Training.Tests.Cli;

public sealed class UtilityCommandTests : IDisposable
{
    private static readonly string[] Common =
        ["train", "-p", "adam", "--lr", "0.05", "--ema", "0.9", "--accumulate", "5", "--schedule", "plateau:factor=0.5,patience=0,threshold=0.05"];

    private readonly string _folder = CliHarness.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_summary_records_the_average_the_accumulation_and_the_plateau_rate()
    {
        var result = CliHarness.Run([.. Common, "--epochs", "12", "--out", Path("out")]);

        Assert.True(result.ExitCode == 0, result.Error);
        var run = Summary("out");
        Assert.Equal(5, run.GetProperty("accumulationSteps").GetInt32());
        Assert.Equal(12, run.GetProperty("steps").GetInt64());
        Assert.Equal(0.9, run.GetProperty("ema").GetProperty("decay").GetDouble());
        var emaAccuracy = run.GetProperty("ema").GetProperty("accuracy").GetDouble();
        Assert.InRange(emaAccuracy, 0.0, 1.0);
        Assert.True(run.GetProperty("finalLearningRate").GetDouble() < 0.05, "the plateau scheduler never reduced the rate");
        var output = string.Join(' ', result.Output.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("5 mini-batches per optimizer step", output, StringComparison.Ordinal);
        Assert.Contains("(--ema 0.9): accuracy", output, StringComparison.Ordinal);
        Assert.Contains("on each epoch's cost", output, StringComparison.Ordinal);
        Assert.Contains("EMA decay 0.9", File.ReadAllText(System.IO.Path.Combine(Path("out"), "summary.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_split_by_resume_keeps_the_average_and_the_plateau_state()
    {
        var whole = CliHarness.Run([.. Common, "--epochs", "9", "--save-weights", Path("whole.safetensors"), "--out", Path("whole")]);
        var first = CliHarness.Run([.. Common, "--epochs", "4", "--checkpoint", Path("first.ckpt"), "--out", Path("first")]);
        var second = CliHarness.Run([.. Common, "--epochs", "9", "--resume", Path("first.ckpt"), "--save-weights", Path("resumed.safetensors"), "--out", Path("second")]);

        Assert.True(whole.ExitCode == 0, whole.Error);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.True(File.Exists(Path("first.ckpt.ema.safetensors")));
        Assert.True(File.Exists(Path("first.ckpt.plateau.json")));
        Assert.Equal(File.ReadAllBytes(Path("whole.safetensors")), File.ReadAllBytes(Path("resumed.safetensors")));
        Assert.Equal(Summary("whole").GetProperty("finalLearningRate").GetDouble(), Summary("second").GetProperty("finalLearningRate").GetDouble());
        Assert.Equal(Summary("whole").GetProperty("ema").GetProperty("accuracy").GetDouble(), Summary("second").GetProperty("ema").GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void A_missing_sidecar_an_open_window_and_out_of_range_values_are_one_line_errors()
    {
        Assert.Equal(0, CliHarness.Run([.. Common, "--epochs", "2", "--checkpoint", Path("a.ckpt"), "--out", Path("a")]).ExitCode);
        File.Delete(Path("a.ckpt.plateau.json"));
        AssertOneLineError(CliHarness.Run([.. Common, "--epochs", "4", "--resume", Path("a.ckpt"), "--out", Path("b")]), "a.ckpt.plateau.json");

        Assert.Equal(0, CliHarness.Run(["train", "-p", "gd", "--accumulate", "2", "--epochs", "3", "--checkpoint", Path("c.ckpt"), "--out", Path("c")]).ExitCode);
        AssertOneLineError(CliHarness.Run(["train", "-p", "gd", "--accumulate", "2", "--epochs", "5", "--resume", Path("c.ckpt"), "--out", Path("d")]), "window");

        var ema = CliHarness.Run(["train", "--ema", "1", "--epochs", "1", "--out", Path("e")]);
        Assert.NotEqual(0, ema.ExitCode);
        Assert.Contains("--ema must be in [0, 1)", ema.Error, StringComparison.Ordinal);
        var plateau = CliHarness.Run(["train", "--schedule", "plateau:factor=2", "--epochs", "1", "--out", Path("f")]);
        Assert.NotEqual(0, plateau.ExitCode);
        Assert.Contains("factor", plateau.Error, StringComparison.Ordinal);
    }

    private static void AssertOneLineError((int ExitCode, string Output, string Error) result, string text)
    {
        Assert.Equal(1, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(text, lines[0], StringComparison.Ordinal);
    }

    private string Path(string name) => System.IO.Path.Combine(_folder, name);

    private JsonElement Summary(string folder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(Path(folder), "summary.json")));
        return json.RootElement.GetProperty("runs")[0].Clone();
    }
}
