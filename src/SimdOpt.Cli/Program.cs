using SimdOpt.Cli.Commands;
using Spectre.Console;

return SimdOptCommand.Create(AnsiConsole.Console, interactive: !Console.IsOutputRedirected).Parse(args).Invoke();
