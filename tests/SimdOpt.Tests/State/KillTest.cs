using System.Diagnostics;
using SimdOpt.CheckpointWriter;
using SimdOpt.Parameters;
using SimdOpt.State;
using SimdOpt.Tests.Support;
using Xunit.Abstractions;

namespace SimdOpt.Tests.State;

/// <summary>
/// A child process saves a 1,048,576-element Adam checkpoint (parameters and both moments, 12 MiB) to one path
/// in a loop and is killed (SIGKILL on Unix) at random moments. After every kill the file at the path loads,
/// and holds exactly one of the states the child saved, never older than the last one seen. Each kill comes a
/// random 0-250 ms after the writer has started its first save, or up to four of this machine's save times when
/// a save takes longer (a loaded machine), so the kills still span several saves. It runs with no other test in parallel, so its
/// child process does not compete with timing-sensitive tests.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class KillTest(ITestOutputHelper output) : IDisposable
{
    private const int Elements = 1 << 20;
    private const int Kills = 20;

    private readonly string _folder = Directory.CreateTempSubdirectory("simdopt-kill-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_killed_writer_always_leaves_the_old_or_the_new_checkpoint()
    {
        var path = Path.Combine(_folder, "state.ckpt");
        var layout = KillTestState.Layout(Elements);
        var optimizer = KillTestState.CreateOptimizer(layout);
        var parameters = new ParameterBuffer(layout);
        KillTestState.Fill(optimizer, parameters, 0);
        var saveTime = Stopwatch.StartNew();
        Checkpoint.Save(path, optimizer, parameters, counter: 0);
        var longestDelay = (int)Math.Max(250, 4 * saveTime.ElapsedMilliseconds);

        var writer = Path.Combine(AppContext.BaseDirectory, "SimdOpt.CheckpointWriter.dll");
        Assert.True(File.Exists(writer), $"{writer} is missing");
        var random = new Random(6);
        long last = 0;
        var midSave = 0;
        var advanced = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(writer);
            start.ArgumentList.Add(path);
            start.ArgumentList.Add(Elements.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.ArgumentList.Add((last + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

            using (var child = Process.Start(start)!)
            {
                child.StandardInput.Close();

                // Wait until the writer has begun its first save (its temporary file appears), then let it run
                // for a random time that spans several saves before killing it.
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (Directory.GetFiles(_folder, "*.tmp").Length == 0 && !child.HasExited && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(1);
                }

                Assert.False(child.HasExited, $"kill {kill}: the writer exited by itself with code {(child.HasExited ? child.ExitCode : 0)}");
                Thread.Sleep(random.Next(0, longestDelay));
                child.Kill(entireProcessTree: true);
                Assert.True(child.WaitForExit(30_000), $"kill {kill}: the writer did not exit after being killed");
            }

            // A temporary file left behind means the kill landed while a save was being written.
            var temporaries = Directory.GetFiles(_folder, "*.tmp");
            if (temporaries.Length > 0)
            {
                midSave++;
                foreach (var temporary in temporaries)
                {
                    File.Delete(temporary);
                }
            }

            var loaded = KillTestState.CreateOptimizer(layout);
            var loadedParameters = new ParameterBuffer(layout);
            var info = Checkpoint.Load(path, loaded, loadedParameters);
            Assert.True(info.Counter >= last, $"kill {kill}: the file went back from state {last} to {info.Counter}");
            Assert.Equal(info.Counter, info.StepCount);
            var wrong = KillTestState.FirstWrongElement(loaded, loadedParameters, info.Counter);
            Assert.True(wrong < 0, $"kill {kill}: state {info.Counter} has a wrong element at {wrong}");
            if (info.Counter > last)
            {
                advanced++;
            }

            last = info.Counter;
        }

        output.WriteLine($"{Kills} kills: {midSave} landed while a save was being written, {advanced} after at least one new save completed; the file always loaded as one whole saved state (last: {last}).");
        Assert.True(midSave > 0, "no kill landed during a save; the test proved nothing");
        Assert.True(advanced > 0, "the writer never completed a save; the test proved nothing");
    }
}
