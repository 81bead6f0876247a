namespace SimdOpt.Training.Data;

/// <summary>
/// Labelled two-class examples stored column-major as the course does: <see cref="Features"/> is a
/// (<see cref="FeatureCount"/>, <see cref="Count"/>) matrix in row-major order, so feature f of example j is
/// <c>Features[f * Count + j]</c>; each label is 0 or 1.
/// </summary>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly float[] _labels;

    /// <summary>Creates a data set, copying the arrays.</summary>
    /// <param name="features">The (featureCount, count) feature matrix, row-major.</param>
    /// <param name="labels">One label per example, each 0 or 1.</param>
    /// <param name="featureCount">The number of features per example.</param>
    public Dataset(ReadOnlySpan<float> features, ReadOnlySpan<float> labels, int featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        if (labels.IsEmpty)
        {
            throw new ArgumentException("A data set needs at least one example.", nameof(labels));
        }

        if (features.Length != (long)featureCount * labels.Length)
        {
            throw new ArgumentException($"{labels.Length} examples of {featureCount} features need {(long)featureCount * labels.Length} feature values, got {features.Length}.", nameof(features));
        }

        foreach (var label in labels)
        {
            if (label is not (0f or 1f))
            {
                throw new ArgumentException($"Labels must be 0 or 1, got {label}.", nameof(labels));
            }
        }

        FeatureCount = featureCount;
        _features = features.ToArray();
        _labels = labels.ToArray();
    }

    /// <summary>The number of features per example.</summary>
    public int FeatureCount { get; }

    /// <summary>The number of examples.</summary>
    public int Count => _labels.Length;

    /// <summary>The (FeatureCount, Count) feature matrix, row-major.</summary>
    public ReadOnlySpan<float> Features => _features;

    /// <summary>The labels, one per example.</summary>
    public ReadOnlySpan<float> Labels => _labels;

    /// <summary>Feature <paramref name="feature"/> of every example.</summary>
    /// <param name="feature">The feature index.</param>
    /// <returns>A view of one row of the feature matrix.</returns>
    public ReadOnlySpan<float> Feature(int feature) => _features.AsSpan(feature * Count, Count);
}
