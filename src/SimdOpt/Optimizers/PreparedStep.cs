namespace SimdOpt.Optimizers;

/// <summary>
/// The scalars of one step fixed in advance by <see cref="Optimizer.PrepareStep"/>, so that any split of the
/// buffer into ranges applied with <see cref="Optimizer.ApplyStep"/> gives the same bits as one whole step.
/// </summary>
public readonly struct PreparedStep : IEquatable<PreparedStep>
{
    internal PreparedStep(Optimizer owner, long stepNumber, long ticket, bool isSkipped)
    {
        Owner = owner;
        StepNumber = stepNumber;
        Ticket = ticket;
        IsSkipped = isSkipped;
    }

    /// <summary>The step's number t, counting from 1.</summary>
    public long StepNumber { get; }

    /// <summary>True when the non-finite policy decided to skip this step: applying and completing it do nothing.</summary>
    public bool IsSkipped { get; }

    internal long Ticket { get; }

    /// <summary>The optimizer that prepared the step; only that one applies and completes it.</summary>
    internal Optimizer? Owner { get; }

    /// <inheritdoc />
    public bool Equals(PreparedStep other) => ReferenceEquals(Owner, other.Owner) && StepNumber == other.StepNumber && Ticket == other.Ticket && IsSkipped == other.IsSkipped;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PreparedStep other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Owner, StepNumber, Ticket, IsSkipped);

    /// <summary>Equality.</summary>
    public static bool operator ==(PreparedStep left, PreparedStep right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(PreparedStep left, PreparedStep right) => !left.Equals(right);
}
