using System.Diagnostics;
using System.Globalization;

namespace SimdOpt.Distributed.Tests;

/// <summary>Runs a program copied beside the tests under <c>mpirun.mpich -np N</c> and collects its exit code and output.</summary>
public static class MpiRun
{
    public static string? Launcher { get; } = new[] { "/usr/bin/mpirun.mpich", "/usr/local/bin/mpirun.mpich" }.FirstOrDefault(File.Exists);

    /// <summary>Runs one check of SimdOpt.Distributed.MpiChecks with a fresh folder for its files.</summary>
    public static (int ExitCode, string Output, TimeSpan Elapsed) Checks(int ranks, string check, TimeSpan limit)
    {
        var folder = Directory.CreateTempSubdirectory("simdopt-mpi-");
        try
        {
            return Program(ranks, "SimdOpt.Distributed.MpiChecks.dll", [check, folder.FullName], limit);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Runs <paramref name="dll"/> on <paramref name="ranks"/> ranks; kills the whole tree after <paramref name="limit"/> (exit code -1).</summary>
    public static (int ExitCode, string Output, TimeSpan Elapsed) Program(int ranks, string dll, string[] arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(Launcher!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var program = Path.Combine(AppContext.BaseDirectory, dll);
        foreach (var argument in new[] { "-np", ranks.ToString(CultureInfo.InvariantCulture), "dotnet", program }.Concat(arguments))
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
}
