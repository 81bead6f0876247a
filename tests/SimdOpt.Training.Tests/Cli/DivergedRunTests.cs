using System.Globalization;
using System.Text.Json;

namespace SimdOpt.Training.Tests.Cli;

/// <summary>A run whose cost becomes NaN or infinite is a result: every report is written and says so.</summary>
public sealed class DivergedRunTests : IDisposable
{
    private static readonly string[] Reports = ["summary.json", "summary.md", "boundary-adam.png", "boundaries.png", "costs.png"];

    private readonly string _folder = CliHarness.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_huge_learning_rate_writes_every_report_and_marks_the_run_diverged()
    {
        var output = Path.Combine(_folder, "out");
        var (exitCode, stdout, error) = CliHarness.Run("train", "--epochs", "3", "--lr", "1e20", "--out", output);

        Assert.True(exitCode == 0, error);
        Assert.Contains("adam diverged", stdout, StringComparison.Ordinal);
        AssertDivergedReports(output);
    }

    [Fact]
    public void Data_near_the_float_limit_writes_every_report()
    {
        var csv = Path.Combine(_folder, "huge.csv");
        var lines = Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"{(i % 7 - 3) * 1e38},{(i % 5 - 2) * 1.5e38},{i % 2}"));
        File.WriteAllLines(csv, ["x1,x2,label", .. lines]);
        var output = Path.Combine(_folder, "out");

        var (exitCode, _, error) = CliHarness.Run("train", "--epochs", "2", "--data", csv, "--out", output);

        Assert.True(exitCode == 0, error);
        AssertDivergedReports(output);
    }

    private static void AssertDivergedReports(string output)
    {
        foreach (var file in Reports)
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var run = json.RootElement.GetProperty("runs")[0];
        Assert.True(run.GetProperty("diverged").GetBoolean());
        var finalCost = run.GetProperty("finalCost");
        Assert.Equal(JsonValueKind.String, finalCost.ValueKind);
        Assert.Contains(finalCost.GetString(), new[] { "NaN", "Infinity", "-Infinity" });
        Assert.Contains("(diverged)", File.ReadAllText(Path.Combine(output, "summary.md")), StringComparison.Ordinal);
    }
}
