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
        Assert.Equal(["first.ckpt"], Directory.GetFiles(_folder, "first.ckpt*").Select(System.IO.Path.GetFileName));
        Assert.Equal(File.ReadAllBytes(Path("whole.safetensors")), File.ReadAllBytes(Path("resumed.safetensors")));
        Assert.Equal(Summary("whole").GetProperty("finalLearningRate").GetDouble(), Summary("second").GetProperty("finalLearningRate").GetDouble());
        Assert.Equal(Summary("whole").GetProperty("ema").GetProperty("accuracy").GetDouble(), Summary("second").GetProperty("ema").GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void A_checkpoint_without_the_average_or_with_other_settings_an_open_window_and_out_of_range_values_are_one_line_errors()
    {
        Assert.Equal(0, CliHarness.Run(["train", "-p", "adam", "--lr", "0.05", "--accumulate", "5", "--epochs", "2", "--checkpoint", Path("a.ckpt"), "--out", Path("a")]).ExitCode);
        AssertOneLineError(CliHarness.Run([.. Common, "--epochs", "4", "--resume", Path("a.ckpt"), "--out", Path("b")]), "holds no weight average");
        Assert.Equal(0, CliHarness.Run([.. Common, "--epochs", "2", "--checkpoint", Path("g.ckpt"), "--out", Path("g")]).ExitCode);
        AssertOneLineError(CliHarness.Run([.. Common[..^2], "--schedule", "plateau:factor=0.25,patience=0,threshold=0.05", "--epochs", "4", "--resume", Path("g.ckpt"), "--out", Path("h")]), "plateau: factor is 0.5 in the checkpoint, 0.25 in the target");

        Assert.Equal(0, CliHarness.Run(["train", "-p", "gd", "--accumulate", "2", "--epochs", "3", "--checkpoint", Path("c.ckpt"), "--out", Path("c")]).ExitCode);
        AssertOneLineError(CliHarness.Run(["train", "-p", "gd", "--accumulate", "2", "--epochs", "5", "--resume", Path("c.ckpt"), "--out", Path("d")]), "window");

        var ema = CliHarness.Run(["train", "--ema", "1", "--epochs", "1", "--out", Path("e")]);
        Assert.NotEqual(0, ema.ExitCode);
        Assert.Contains("--ema must be in [0, 1)", ema.Error, StringComparison.Ordinal);
        var plateau = CliHarness.Run(["train", "--schedule", "plateau:factor=2", "--epochs", "1", "--out", Path("f")]);
        Assert.NotEqual(0, plateau.ExitCode);
        Assert.Contains("factor", plateau.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookahead_is_recorded_and_a_run_split_by_resume_keeps_its_slow_weights()
    {
        string[] run = ["train", "-p", "adam", "--lr", "0.05", "--lookahead", "3,0.25", "--ema", "0.9"];
        var whole = CliHarness.Run([.. run, "--epochs", "8", "--save-weights", Path("la-whole.safetensors"), "--out", Path("la-whole")]);
        var first = CliHarness.Run([.. run, "--epochs", "4", "--checkpoint", Path("la.ckpt"), "--out", Path("la-first")]);
        var second = CliHarness.Run([.. run, "--epochs", "8", "--resume", Path("la.ckpt"), "--save-weights", Path("la-resumed.safetensors"), "--out", Path("la-second")]);
        var plain = CliHarness.Run(["train", "-p", "adam", "--lr", "0.05", "--ema", "0.9", "--epochs", "8", "--save-weights", Path("plain.safetensors"), "--out", Path("plain")]);

        Assert.True(whole.ExitCode == 0, whole.Error);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.True(plain.ExitCode == 0, plain.Error);
        var lookahead = Summary("la-whole").GetProperty("lookahead");
        Assert.Equal(3, lookahead.GetProperty("syncPeriod").GetInt32());
        Assert.Equal(0.25, lookahead.GetProperty("alpha").GetDouble());
        Assert.Contains("Lookahead every 3 steps, alpha 0.25", File.ReadAllText(System.IO.Path.Combine(Path("la-whole"), "summary.md")), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path("la-whole.safetensors")), File.ReadAllBytes(Path("la-resumed.safetensors")));
        Assert.NotEqual(File.ReadAllBytes(Path("plain.safetensors")), File.ReadAllBytes(Path("la-whole.safetensors")));

        AssertOneLineError(CliHarness.Run([.. run[..^4], "--lookahead", "2,0.25", "--epochs", "8", "--resume", Path("la.ckpt"), "--out", Path("la-other")]), "lookahead: sync_period is 3 in the checkpoint, 2 in the target");
        var bad = CliHarness.Run(["train", "--lookahead", "3,1.5", "--epochs", "1", "--out", Path("la-bad")]);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--lookahead's ALPHA must be a number in [0, 1]", bad.Error, StringComparison.Ordinal);
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
