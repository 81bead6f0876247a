using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using SimdOpt.Cli.Runs;

namespace SimdOpt.Cli.Commands;

/// <summary>The standard help, followed by the <c>--schedule</c> grammar when the help is for a command that takes <c>--schedule</c>.</summary>
internal sealed class ScheduleHelpAction : SynchronousCommandLineAction
{
    private readonly HelpAction _help;
    private readonly Command _command;

    /// <summary>Wraps <paramref name="help"/>; appends the grammar to the help of <paramref name="command"/>.</summary>
    public ScheduleHelpAction(HelpAction help, Command command)
    {
        _help = help;
        _command = command;
    }

    /// <inheritdoc />
    public override bool ClearsParseErrors => true;

    /// <summary>Replaces the action of <paramref name="root"/>'s help option with one that adds the grammar to <paramref name="command"/>'s help.</summary>
    public static void Install(Command root, Command command)
    {
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction help } helpOption)
            {
                helpOption.Action = new ScheduleHelpAction(help, command);
            }
        }
    }

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = _help.Invoke(parseResult);
        if (ReferenceEquals(parseResult.CommandResult.Command, _command))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.Write(ScheduleSpec.Help.ReplaceLineEndings(output.NewLine));
            output.WriteLine();
        }

        return exitCode;
    }
}
