using System.CommandLine;
using SimdOpt.Cli.Runs;
using SimdOpt.Training.Data;
using SimdOpt.Training.Loop;
using Spectre.Console;

namespace SimdOpt.Cli.Commands;

/// <summary><c>simdopt compare</c>: every optimizer on the course network and data at the course settings.</summary>
internal static class CompareCommand
{
    /// <summary>What the command does, for the help text.</summary>
    public const string Description =
        "Train the course's 2-5-2-1 network on the course's 300 two-moons examples with every optimizer " +
        "(gradient descent, both momentum forms, Nesterov, AdaGrad, RMSProp, Adam, AdamW) at the course settings, " +
        "plus gradient descent with the course's learning-rate decay (gd-decay: lr 0.1 / (1 + floor(epoch / 1000)), set after each epoch); " +
        "print a results table and write summary.json, summary.md and PNG plots.";

    /// <summary>Creates the <c>compare</c> subcommand.</summary>
    public static Command Create(IAnsiConsole console, bool interactive)
    {
        var command = new Command("compare", Description);
        Configure(command, console, interactive);
        return command;
    }

    /// <summary>Gives <paramref name="command"/> compare's options and action (the root command runs compare too).</summary>
    public static void Configure(Command command, IAnsiConsole console, bool interactive)
    {
        var output = CommonOptions.Out();
        var epochs = CommonOptions.Epochs();
        var lineup = new Option<string>("--lineup")
        {
            Description = $"Which runs: 'optimizers' (every optimizer at the course settings) or 'decay' (the course's learning-rate-decay section: gd, momentum and adam with schedule_lr_decay, gd with update_lr; {CourseLineup.DecayEpochs} epochs unless --epochs).",
            DefaultValueFactory = _ => "optimizers",
        }.AcceptOnlyFromAmong("optimizers", "decay");
        command.Options.Add(output);
        command.Options.Add(epochs);
        command.Options.Add(lineup);
        command.SetAction(parseResult => CommandErrors.Guard(parseResult, () =>
        {
            var decay = parseResult.GetValue(lineup) == "decay";
            var epochCount = decay && parseResult.GetResult(epochs) is null or { Implicit: true } ? CourseLineup.DecayEpochs : parseResult.GetValue(epochs);
            var experiment = new Experiment(
                CourseData.Load(),
                "course two-moons data (make_moons(300, noise=0.2), numpy seed 3)",
                CourseSettings.LayerSizes.ToArray(),
                CourseSettings.InitializationSeed,
                new TrainingOptions { Epochs = epochCount });
            return RunSession.Run(console, interactive, experiment, decay ? CourseLineup.CreateDecay() : CourseLineup.Create(), parseResult.GetValue(output)!);
        }));
    }
}
