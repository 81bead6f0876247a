using System.CommandLine;
using Spectre.Console;

namespace SimdOpt.Cli.Commands;

/// <summary>The <c>simdopt</c> command line: <c>compare</c> (also run with no arguments) and <c>train</c>.</summary>
internal static class SimdOptCommand
{
    /// <summary>Builds the root command writing to <paramref name="console"/>; live progress bars only when <paramref name="interactive"/>.</summary>
    public static RootCommand Create(IAnsiConsole console, bool interactive)
    {
        var root = new RootCommand("SimdOpt: compare SIMD optimizers on the course's two-moons network. With no command, runs 'compare'.");
        CompareCommand.Configure(root, console, interactive);
        root.Subcommands.Add(CompareCommand.Create(console, interactive));
        root.Subcommands.Add(TrainCommand.Create(console, interactive));
        return root;
    }
}
