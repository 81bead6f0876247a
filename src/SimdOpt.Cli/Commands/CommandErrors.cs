using System.CommandLine;

namespace SimdOpt.Cli.Commands;

/// <summary>Turns the errors a user can cause (bad data, bad hyperparameters, unwritable folders) into a message and exit code 1.</summary>
internal static class CommandErrors
{
    /// <summary>A multi-line message on one line: lines joined by "; ", list markers and indentation dropped.</summary>
    public static string OneLine(string message) =>
        string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.TrimStart('-', '*', ' ')));

    /// <summary>Runs <paramref name="action"/>, reporting a user error on the error stream instead of a stack trace.</summary>
    public static int Guard(ParseResult parseResult, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
