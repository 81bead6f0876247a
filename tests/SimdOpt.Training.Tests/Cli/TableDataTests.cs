using System.Globalization;
using System.Text;

namespace SimdOpt.Training.Tests.Cli;

/// <summary><c>--data</c> serves real tables: any number of features, the label column chosen by name or number.</summary>
public sealed class TableDataTests : IDisposable
{
    private readonly string _folder = CliHarness.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Four features with the label second: the label is 1 when the first plus the third feature is positive.</summary>
    private string Table()
    {
        var text = new StringBuilder("f1,outcome,f2,f3,f4\n");
        var random = new System.Random(7);
        for (var i = 0; i < 200; i++)
        {
            var f = Enumerable.Range(0, 4).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
            text.Append(CultureInfo.InvariantCulture, $"{f[0]:R},{(f[0] + f[2] > 0 ? 1 : 0)},{f[1]:R},{f[2]:R},{f[3]:R}\n");
        }

        var path = Path.Combine(_folder, "table.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Theory]
    [InlineData("outcome")]
    [InlineData("2")]
    public void Train_and_predict_read_a_table_with_a_chosen_label_column(string label)
    {
        var table = Table();
        var weights = Path.Combine(_folder, "w.safetensors");
        var trained = Path.Combine(_folder, "trained");
        var (exitCode, output, error) = CliHarness.Run("train", "--data", table, "--label-column", label, "--epochs", "300", "--hidden", "8", "--save-weights", weights, "--out", trained);
        Assert.True(exitCode == 0, error);
        Assert.Contains("(200 examples)", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(trained, "summary.json")));
        Assert.True(File.Exists(Path.Combine(trained, "costs.png")));
        Assert.Empty(Directory.GetFiles(trained, "boundar*.png"));
        Assert.Contains("No decision boundaries: the data has 4 features", File.ReadAllText(Path.Combine(trained, "summary.md")), StringComparison.Ordinal);

        var predicted = Path.Combine(_folder, "predicted");
        (exitCode, output, error) = CliHarness.Run("predict", "--weights", weights, "--data", table, "--label-column", label, "--hidden", "8", "--out", predicted);
        Assert.True(exitCode == 0, error);
        Assert.Contains("network 4-8-1", output, StringComparison.Ordinal);
        var lines = File.ReadAllLines(Path.Combine(predicted, "predictions.csv"));
        Assert.Equal("f1,f2,f3,f4,outcome,probability,prediction", lines[0]);
        Assert.Equal(201, lines.Length);
        var accuracy = lines.Skip(1).Select(l => l.Split(',')).Count(f => f[4] == f[6]) / 200.0;
        Assert.True(accuracy > 0.8, $"accuracy {accuracy} on a linearly separable table");
    }

    [Fact]
    public void A_label_column_without_data_or_missing_from_the_table_is_one_line()
    {
        var (exitCode, _, error) = CliHarness.Run("train", "--label-column", "outcome", "--out", Path.Combine(_folder, "o1"));
        Assert.Equal(1, exitCode);
        Assert.Contains("--label-column chooses a column of --data", error, StringComparison.Ordinal);

        (exitCode, _, error) = CliHarness.Run("train", "--data", Table(), "--label-column", "nope", "--out", Path.Combine(_folder, "o2"));
        Assert.Equal(1, exitCode);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no label column 'nope'; the columns are f1, outcome, f2, f3, f4", error, StringComparison.Ordinal);
    }
}
