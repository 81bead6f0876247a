using System.Diagnostics;

namespace SimdOpt.Distributed.Tests;

/// <summary>Runs the checks program under <c>mpirun.mpich -np N</c> and collects its exit code and output.</summary>
public static class MpiRun
{
    public static string? Launcher { get; } = new[] { "/usr/bin/mpirun.mpich", "/usr/local/bin/mpirun.mpich" }.FirstOrDefault(File.Exists);

    public static (int ExitCode, string Output, TimeSpan Elapsed) Checks(int ranks, string check, TimeSpan limit)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "SimdOpt.Distributed.MpiChecks.dll");
        var folder = Directory.CreateTempSubdirectory("simdopt-mpi-");
        try
        {
            var start = new ProcessStartInfo(Launcher!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "-np", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture), "dotnet", program, check, folder.FullName })
            {
                start.ArgumentList.Add(argument);
            }

            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return (-1, $"mpirun did not end within {limit}: {output.Result}{error.Result}", watch.Elapsed);
            }

            process.WaitForExit();
            return (process.ExitCode, output.Result + error.Result, watch.Elapsed);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
