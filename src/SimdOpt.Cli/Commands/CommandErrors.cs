using System.CommandLine;

namespace SimdOpt.Cli.Commands;

/// <summary>
/// Turns the errors a user can cause (bad data, bad hyperparameters, unwritable or misnamed files and folders) into one
/// line on the error stream and exit code 1, however deep they were thrown: exceptions from the parallel training loop
/// arrive wrapped in an <see cref="AggregateException"/> and are unwrapped. Anything else is a bug and keeps its trace.
/// </summary>
internal static class CommandErrors
{
    /// <summary>A multi-line message on one line: lines joined by "; ", list markers ("- ", "* ") and indentation dropped.</summary>
    public static string OneLine(string message) =>
        string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.StartsWith("- ", StringComparison.Ordinal) || l.StartsWith("* ", StringComparison.Ordinal) ? l[2..].TrimStart() : l));

    /// <summary>Runs <paramref name="action"/>, reporting a user error on the error stream instead of a stack trace.</summary>
    public static int Guard(ParseResult parseResult, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (UserError(e) is { } error)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"error: {Message(error)}");
            return 1;
        }
    }

    /// <summary>The error a user caused: <paramref name="e"/> itself, or the first of an aggregate whose errors all are; null for a bug.</summary>
    private static Exception? UserError(Exception e) => e switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(i => UserError(i) is not null)
            ? UserError(aggregate.InnerExceptions[0])
            : null,
        InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException => e,
        _ => null,
    };

    /// <summary>The message on one line, without the " (Parameter 'name')" an <see cref="ArgumentException"/> appends (it names code, not an option).</summary>
    private static string Message(Exception e)
    {
        var message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            var suffix = $" (Parameter '{name}')";
            var at = message.IndexOf(suffix, StringComparison.Ordinal);
            message = at >= 0 ? message.Remove(at, suffix.Length) : message;
        }

        return OneLine(message);
    }
}
