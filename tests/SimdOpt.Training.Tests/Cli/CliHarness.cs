using SimdOpt.Cli.Commands;
using Spectre.Console;

namespace SimdOpt.Training.Tests.Cli;

/// <summary>Runs the simdopt command line in-process with its output captured.</summary>
internal static class CliHarness
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        var exitCode = SimdOptCommand.Create(console, interactive: false)
            .Parse(args)
            .Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    public static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "simdopt-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
