using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SimdOpt.Tests.Support;
using Xunit.Abstractions;

namespace SimdOpt.Tests.Threading;

/// <summary>
/// The whole process, not only the stepping thread: StepWorkers that fall asleep between steps and are woken
/// again allocate nothing, step after step. Measured in a child process (SimdOpt.WorkerAllocationProbe) that does
/// nothing but step with sleeping workers, so the test runner's own threads cannot add to the count:
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/> over several windows of sleep-and-wake steps must be 0 in each.
/// </summary>
[Collection(SerialCollection.Name)]
public partial class WorkerAllocationTests(ITestOutputHelper output)
{
    private const int Windows = 3;
    private const int StepsPerWindow = 40;

    [Fact]
    public async Task Workers_that_sleep_and_wake_allocate_nothing_in_a_process_that_does_nothing_else()
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "SimdOpt.WorkerAllocationProbe.dll");
        Assert.True(File.Exists(probe), $"{probe} is missing");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(probe);
        start.ArgumentList.Add(Windows.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(StepsPerWindow.ToString(CultureInfo.InvariantCulture));

        using var child = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = child.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = child.StandardError.ReadToEndAsync(timeout.Token);
        await child.WaitForExitAsync(timeout.Token);
        var lines = await stdout;
        output.WriteLine(lines);
        Assert.True(child.ExitCode == 0, $"the probe exited with {child.ExitCode}: {await stderr}");

        var windows = WindowLine().Matches(lines);
        Assert.Equal(Windows, windows.Count);
        foreach (Match window in windows)
        {
            Assert.Equal(StepsPerWindow, int.Parse(window.Groups["steps"].Value, CultureInfo.InvariantCulture));
            Assert.True(window.Groups["bytes"].Value == "0", $"allocated in the whole process: {window.Value}");
        }
    }

    [GeneratedRegex(@"window \d+: (?<bytes>-?\d+) bytes, (?<steps>\d+) steps")]
    private static partial Regex WindowLine();
}
