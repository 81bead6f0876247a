using System.Globalization;
using System.Text.Json;
using SimdOpt.Training.Data;

namespace SimdOpt.Training.Tests.Cli;

public sealed class PersistenceCommandTests : IDisposable
{
    private readonly string _folder = CliHarness.TempFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("adam", "epoch")]
    [InlineData("momentum", "epoch-end")]
    public void A_run_split_by_resume_writes_the_same_weights_as_the_uninterrupted_run(string optimizer, string scheduleBy)
    {
        string[] common = ["train", "-p", optimizer, "--lr", "0.05", "--schedule", "inverse-time:rate=1,interval=2", "--schedule-by", scheduleBy];
        var whole = Run([.. common, "--epochs", "7", "--save-weights", File("whole.safetensors"), "--checkpoint", File("whole.ckpt"), "--checkpoint-every", "3", "--out", Folder("whole")]);
        var first = Run([.. common, "--epochs", "3", "--checkpoint", File("first.ckpt"), "--out", Folder("first")]);
        var second = Run([.. common, "--epochs", "7", "--resume", File("first.ckpt"), "--save-weights", File("resumed.safetensors"), "--out", Folder("second")]);

        Assert.True(whole.ExitCode == 0, whole.Error);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(System.IO.File.ReadAllBytes(File("whole.safetensors")), System.IO.File.ReadAllBytes(File("resumed.safetensors")));
        Assert.Equal(FinalCost("whole"), FinalCost("second"));
        Assert.Equal(Accuracy("whole"), Accuracy("second"));
        Assert.Contains("resumed after epoch 3", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoints_are_written_every_n_epochs_and_at_the_end()
    {
        var result = Run(["train", "-p", "gd", "--epochs", "5", "--checkpoint", File("run.ckpt"), "--checkpoint-every", "2", "--out", Folder("out")]);
        Assert.True(result.ExitCode == 0, result.Error);

        // The last write wins: the file holds the state after epoch 5 (the end), and no temporary file is left.
        var network = new SimdOpt.Training.Network.DenseNetwork(2, 5, 2, 1);
        var info = SimdOpt.State.Checkpoint.Load(File("run.ckpt"), new SimdOpt.Optimizers.Sgd(network.Layout, 0.0007), network.Parameters);
        Assert.Equal(5, info.Counter);
        Assert.Equal(25, info.StepCount);
        Assert.Equal(["run.ckpt"], Directory.GetFiles(_folder).Select(Path.GetFileName).Where(n => n!.StartsWith("run", StringComparison.Ordinal)));
    }

    [Fact]
    public void Predict_reproduces_the_training_accuracy_and_writes_predictions_and_a_boundary()
    {
        var csv = CourseCsv();
        var train = Run(["train", "-p", "adam", "--epochs", "40", "--save-weights", File("w.safetensors"), "--out", Folder("train")]);
        Assert.True(train.ExitCode == 0, train.Error);

        var predict = Run(["predict", "--weights", File("w.safetensors"), "--data", csv, "--out", Folder("predict")]);

        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"accuracy {Accuracy("train"):F4} on 300 examples"), predict.Output, StringComparison.Ordinal);
        var lines = System.IO.File.ReadAllLines(Path.Combine(Folder("predict"), "predictions.csv"));
        Assert.Equal("x1,x2,label,probability,prediction", lines[0]);
        Assert.Equal(301, lines.Length);
        var correct = lines.Skip(1).Select(l => l.Split(',')).Count(f => f[2] == f[4]);
        Assert.Equal(Accuracy("train"), correct / 300.0);
        var png = System.IO.File.ReadAllBytes(Path.Combine(Folder("predict"), "boundary.png"));
        Assert.Equal((byte)'P', png[1]);
    }

    [Fact]
    public void Bad_weight_and_checkpoint_files_get_a_one_line_error_and_exit_code_1()
    {
        System.IO.File.WriteAllText(File("garbage.safetensors"), "not a safetensors file");
        System.IO.File.WriteAllText(File("garbage.ckpt"), "not a checkpoint");
        var csv = CourseCsv();
        Assert.Equal(0, Run(["train", "-p", "gd", "--epochs", "2", "--checkpoint", File("gd.ckpt"), "--save-weights", File("small.safetensors"), "--hidden", "3", "--out", Folder("gd")]).ExitCode);

        AssertOneLineError(Run(["predict", "--weights", File("garbage.safetensors"), "--data", csv, "--out", Folder("p1")]), "garbage.safetensors");
        AssertOneLineError(Run(["predict", "--weights", File("small.safetensors"), "--data", csv, "--out", Folder("p2")]), "small.safetensors");
        AssertOneLineError(Run(["train", "--resume", File("garbage.ckpt"), "--out", Folder("r1")]), "garbage.ckpt");
        AssertOneLineError(Run(["train", "-p", "adam", "--resume", File("gd.ckpt"), "--out", Folder("r2")]), "gd.ckpt");
        AssertOneLineError(Run(["train", "-p", "gd", "--epochs", "1", "--resume", File("gd.ckpt"), "--out", Folder("r3")]), "gd.ckpt");
        Assert.False(Directory.Exists(Folder("p1")));
        Assert.False(Directory.Exists(Folder("r1")));
        Assert.False(Directory.Exists(Folder("r2")));
    }

    private static void AssertOneLineError((int ExitCode, string Output, string Error) result, string file)
    {
        Assert.Equal(1, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(file, lines[0], StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output, string Error) Run(string[] args) => CliHarness.Run(args);

    private string File(string name) => Path.Combine(_folder, name);

    private string Folder(string name) => Path.Combine(_folder, name);

    private string CourseCsv()
    {
        var data = CourseData.Load();
        var path = File("course.csv");
        System.IO.File.WriteAllLines(path, ["x1,x2,label", .. Enumerable.Range(0, data.Count).Select(j =>
            string.Create(CultureInfo.InvariantCulture, $"{data.Feature(0)[j]:R},{data.Feature(1)[j]:R},{data.Labels[j]}"))]);
        return path;
    }

    private double FinalCost(string folder) => Summary(folder).GetProperty("finalCost").GetDouble();

    private double Accuracy(string folder) => Summary(folder).GetProperty("accuracy").GetDouble();

    private JsonElement Summary(string folder)
    {
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Folder(folder), "summary.json")));
        return json.RootElement.GetProperty("runs")[0].Clone();
    }
}
