namespace SimdOpt.Kernels;

/// <summary>Which update of a running average a step makes (<see cref="AverageUpdate"/>).</summary>
internal enum AverageKind
{
    /// <summary>No average.</summary>
    None,

    /// <summary><c>a = p</c>: the first update of an exponential average with warm-up.</summary>
    Copy,

    /// <summary><c>a = keep * a + take * p</c>.</summary>
    Exponential,

    /// <summary><c>a = a + (p - a) / divisor</c>.</summary>
    Equal,
}

/// <summary>
/// The scalars of one update of a running average of the parameters (<see cref="AverageRule{TEqual}"/>), made by
/// <c>WeightAverage</c> for its next update; <c>default</c> is no update.
/// </summary>
internal readonly record struct AverageUpdate(AverageKind Kind, float Keep, float Take, float Divisor)
{
    /// <summary>Updates <paramref name="average"/> from <paramref name="parameters"/> in a pass of its own (equal lengths, no overlap).</summary>
    public void Run(Span<float> average, ReadOnlySpan<float> parameters)
    {
        switch (Kind)
        {
            case AverageKind.Copy:
                parameters.CopyTo(average);
                break;
            case AverageKind.Exponential:
                UpdateLoop.Run(new AverageRule<Off>(this), average, parameters, [], [], []);
                break;
            case AverageKind.Equal:
                UpdateLoop.Run(new AverageRule<On>(this), average, parameters, [], [], []);
                break;
            default:
                break;
        }
    }
}
