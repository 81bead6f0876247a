namespace SimdOpt.Optimizers;

/// <summary>
/// The scalars of one step fixed in advance by <see cref="Optimizer.PrepareStep"/>, so that any split of the
/// buffer into ranges applied with <see cref="Optimizer.ApplyStep"/> gives the same bits as one whole step.
/// </summary>
public readonly struct PreparedStep : IEquatable<PreparedStep>
{
    internal PreparedStep(long stepNumber, long ticket, bool isSkipped)
    {
        StepNumber = stepNumber;
        Ticket = ticket;
        IsSkipped = isSkipped;
    }

    /// <summary>The step's number t, counting from 1.</summary>
    public long StepNumber { get; }

    /// <summary>True when the non-finite policy decided to skip this step: applying and completing it do nothing.</summary>
    public bool IsSkipped { get; }

    internal long Ticket { get; }

    /// <inheritdoc />
    public bool Equals(PreparedStep other) => StepNumber == other.StepNumber && Ticket == other.Ticket && IsSkipped == other.IsSkipped;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PreparedStep other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StepNumber, Ticket, IsSkipped);

    /// <summary>Equality.</summary>
    public static bool operator ==(PreparedStep left, PreparedStep right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(PreparedStep left, PreparedStep right) => !left.Equals(right);
}
