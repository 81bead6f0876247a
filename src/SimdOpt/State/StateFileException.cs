namespace SimdOpt.State;

/// <summary>
/// The one exception family the state-file readers (<see cref="Checkpoint"/> and <see cref="SafeTensors"/>)
/// throw for bad input. Whenever one is thrown, the target optimizer and buffers are bit-identical to
/// what they were before the call.
/// </summary>
public abstract class StateFileException : IOException
{
    private protected StateFileException(string message)
        : base(message)
    {
    }

    private protected StateFileException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The bytes are not a well-formed file of the expected format: wrong magic or version, truncated,
/// malformed or oversized header, inconsistent lengths or offsets, or a checksum that does not match.
/// The message says which check failed and where.
/// </summary>
public sealed class StateFileFormatException : StateFileException
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public StateFileFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the parser error that revealed the problem.</summary>
    public StateFileFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The file is well-formed but does not fit the target: another optimizer kind, different
/// hyperparameters or groups, a different layout (the message lists missing and extra tensors and shape
/// differences), different state buffers, or no parameters where parameters were requested.
/// </summary>
public sealed class StateFileMismatchException : StateFileException
{
    /// <summary>Creates the exception with a message that lists every difference found.</summary>
    public StateFileMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public StateFileMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
