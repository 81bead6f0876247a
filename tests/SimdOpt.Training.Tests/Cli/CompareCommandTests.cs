using System.Text.Json;
using SimdOpt.Cli.Plots;

namespace SimdOpt.Training.Tests.Cli;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _folder = CliHarness.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_short_compare_writes_parseable_json_markdown_and_pngs_of_the_expected_size()
    {
        var (exitCode, output, error) = CliHarness.Run("compare", "--epochs", "30", "--out", _folder);

        Assert.True(exitCode == 0, error);
        Assert.Contains("[adam] done: 30 epochs", output, StringComparison.Ordinal);
        Assert.Contains("accuracy", output, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "summary.json")));
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["gd", "gd-decay", "momentum", "sgd-momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "nadam", "radam", "adamax", "lion", "adadelta", "schedule-free-adamw"], runs.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(["gd", "gd", "momentum", "sgd-momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "nadam", "radam", "adamax", "lion", "adadelta", "schedule-free-adamw"], runs.Select(r => r.GetProperty("optimizer").GetString()));
        foreach (var run in runs)
        {
            Assert.Equal(30, run.GetProperty("epochs").GetInt32());
            Assert.Equal(150, run.GetProperty("steps").GetInt64());
            Assert.InRange(run.GetProperty("accuracy").GetDouble(), 0, 1);
            Assert.True(run.GetProperty("finalCost").GetDouble() > 0);
            Assert.InRange(run.GetProperty("firstEpochSeconds").GetDouble(), double.Epsilon, run.GetProperty("seconds").GetDouble());
            Assert.True(run.GetProperty("steadyStepsPerSecond").GetDouble() > 0);
            Assert.True(run.GetProperty("hyperparameters").GetProperty("lr").GetDouble() > 0);
            Assert.Equal([0, 29], run.GetProperty("costs").EnumerateArray().Select(c => c.GetProperty("epoch").GetInt32()));
            AssertPng(run.GetProperty("boundaryPlot").GetString()!, PlotFiles.BoundarySize);
        }

        Assert.Equal(0.0007, runs[0].GetProperty("hyperparameters").GetProperty("lr").GetDouble());
        Assert.Equal(JsonValueKind.Null, runs[0].GetProperty("schedule").ValueKind);
        Assert.Equal(0.1, runs[1].GetProperty("hyperparameters").GetProperty("lr").GetDouble());
        var schedule = runs[1].GetProperty("schedule");
        Assert.Equal("inverse-time:rate=1,interval=1000", schedule.GetProperty("spec").GetString());
        Assert.Equal("epoch-end", schedule.GetProperty("by").GetString());
        Assert.Equal(0.1, schedule.GetProperty("baseLearningRate").GetDouble());
        Assert.Equal(0.999, runs[7].GetProperty("hyperparameters").GetProperty("beta2").GetDouble());
        Assert.Equal(1.0, runs[13].GetProperty("hyperparameters").GetProperty("lr").GetDouble());
        Assert.Equal(0.0025, runs[14].GetProperty("hyperparameters").GetProperty("lr").GetDouble());
        Assert.Contains("[gd-decay] done: 30 epochs", output, StringComparison.Ordinal);
        Assert.Equal(0.99, runs[12].GetProperty("hyperparameters").GetProperty("beta2").GetDouble());
        Assert.Equal((4, 4), PlotFiles.GridShape(15));
        AssertPng(PlotFiles.GridFile, PlotFiles.GridSize(runs.Count));
        AssertPng(PlotFiles.CostFile, PlotFiles.CostSize);
        var markdown = File.ReadAllText(Path.Combine(_folder, "summary.md"));
        Assert.Contains("| Adam (`adam`) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Lion (`lion`) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Gradient descent, inverse-time (`gd-decay`) | lr 0.1, schedule `inverse-time:rate=1,interval=1000` by epoch-end |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_decay_lineup_runs_the_courses_four_decay_runs_with_the_rate_set_after_each_epoch()
    {
        var (exitCode, _, error) = CliHarness.Run("compare", "--lineup", "decay", "--epochs", "12", "--out", _folder);

        Assert.True(exitCode == 0, error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "summary.json")));
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["gd-schedule", "momentum-schedule", "adam-schedule", "gd-update"], runs.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal([0.1, 0.1, 0.01, 0.1], runs.Select(r => r.GetProperty("hyperparameters").GetProperty("lr").GetDouble()));
        Assert.Equal(
            ["inverse-time:rate=1,interval=1000", "inverse-time:rate=1,interval=1000", "inverse-time:rate=1,interval=1000", "inverse-time:rate=1"],
            runs.Select(r => r.GetProperty("schedule").GetProperty("spec").GetString()));
        Assert.All(runs, r => Assert.Equal("epoch-end", r.GetProperty("schedule").GetProperty("by").GetString()));
        Assert.All(runs, r => Assert.Equal(12, r.GetProperty("epochs").GetInt32()));
    }

    [Fact]
    public void Results_do_not_depend_on_thread_scheduling()
    {
        var second = CliHarness.TempFolder();
        try
        {
            Assert.Equal(0, CliHarness.Run("compare", "--epochs", "20", "--out", _folder).ExitCode);
            Assert.Equal(0, CliHarness.Run("compare", "--epochs", "20", "--out", second).ExitCode);
            Assert.Equal(Costs(_folder), Costs(second));
        }
        finally
        {
            Directory.Delete(second, recursive: true);
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(4, 1, 4)]
    [InlineData(5, 2, 3)]
    [InlineData(8, 2, 4)]
    [InlineData(9, 3, 3)]
    [InlineData(12, 3, 4)]
    [InlineData(13, 4, 4)]
    public void The_grid_is_balanced(int runs, int rows, int columns)
    {
        Assert.Equal((rows, columns), PlotFiles.GridShape(runs));
    }

    private static string[] Costs(string folder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        return [.. json.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("costs").GetRawText())];
    }

    private void AssertPng(string name, ScottPlot.PixelSize size)
    {
        var bytes = File.ReadAllBytes(Path.Combine(_folder, name));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        using var image = new ScottPlot.Image(bytes);
        Assert.Equal((int)size.Width, image.Width);
        Assert.Equal((int)size.Height, image.Height);
    }
}
