namespace SimdOpt.Optimizers;

/// <summary>Thrown under <see cref="NonFiniteGradientPolicy.Throw"/> when a gradient element is NaN or infinite; nothing was written.</summary>
public sealed class NonFiniteGradientException : ArithmeticException
{
    /// <summary>Creates the exception for the first non-finite element.</summary>
    public NonFiniteGradientException(int index, float value, string? tensorName)
        : base($"Gradient element {index}{(tensorName is null ? string.Empty : $" (in tensor '{tensorName}')")} is {value}; no parameter or state was changed.")
    {
        Index = index;
        Value = value;
        TensorName = tensorName;
    }

    /// <summary>Creates the exception with a message.</summary>
    public NonFiniteGradientException() : this(-1, float.NaN, null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NonFiniteGradientException(string message) : base(message)
    {
        Index = -1;
        Value = float.NaN;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public NonFiniteGradientException(string message, Exception innerException) : base(message, innerException)
    {
        Index = -1;
        Value = float.NaN;
    }

    /// <summary>Index of the first non-finite element in the whole gradient buffer.</summary>
    public int Index { get; }

    /// <summary>The offending value.</summary>
    public float Value { get; }

    /// <summary>Name of the tensor that holds it, when known.</summary>
    public string? TensorName { get; }
}
