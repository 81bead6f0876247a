using SimdOpt.Cli.Commands;
using Spectre.Console;

var interactive = !Console.IsOutputRedirected;
if (!interactive)
{
    // Logs are read in editors, not 80-column terminals: keep the table and notes on one line each.
    AnsiConsole.Profile.Width = 160;
}

return SimdOptCommand.Create(AnsiConsole.Console, interactive).Parse(args).Invoke();
