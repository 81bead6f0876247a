namespace SimdOpt.Training.Data;

/// <summary>A data set read from CSV and the names of its columns.</summary>
/// <param name="Data">The examples.</param>
/// <param name="FeatureNames">The feature columns' names, in the order of <see cref="Dataset.Feature(int)"/>.</param>
/// <param name="LabelName">The label column's name.</param>
public sealed record CsvTable(Dataset Data, IReadOnlyList<string> FeatureNames, string LabelName);
