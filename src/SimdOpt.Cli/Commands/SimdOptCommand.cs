using System.CommandLine;
using System.CommandLine.Help;
using Spectre.Console;

namespace SimdOpt.Cli.Commands;

/// <summary>The <c>simdopt</c> command line: <c>compare</c> (also run with no arguments), <c>train</c> and <c>predict</c>.</summary>
internal static class SimdOptCommand
{
    /// <summary>The root command's name, as help and usage show it.</summary>
    public const string Name = "simdopt";

    /// <summary>Builds the root command writing to <paramref name="console"/>; live progress bars only when <paramref name="interactive"/>.</summary>
    /// <remarks>
    /// The root is a plain <see cref="Command"/> named <see cref="Name"/> rather than a <see cref="RootCommand"/>, whose
    /// name is always the executable's (<c>SimdOpt.Cli</c> under <c>dotnet run</c>). It carries the help and version
    /// options a <see cref="RootCommand"/> would add; what it lacks are the <c>[suggest]</c> and other directives.
    /// </remarks>
    public static Command Create(IAnsiConsole console, bool interactive)
    {
        var root = new Command(Name, "SimdOpt: compare SIMD optimizers on the course's two-moons network. With no command, runs 'compare'.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        CompareCommand.Configure(root, console, interactive);
        root.Subcommands.Add(CompareCommand.Create(console, interactive));
        var train = TrainCommand.Create(console, interactive);
        root.Subcommands.Add(train);
        root.Subcommands.Add(PredictCommand.Create(console));
        ScheduleHelpAction.Install(root, train);
        return root;
    }
}
