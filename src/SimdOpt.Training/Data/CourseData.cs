namespace SimdOpt.Training.Data;

/// <summary>
/// The course's training set: 300 two-moons examples, the output of scikit-learn's
/// <c>make_moons(n_samples=300, noise=0.2)</c> after <c>np.random.seed(3)</c>, shipped as the embedded
/// resource <c>moons-300-seed3.csv</c>.
/// </summary>
public static class CourseData
{
    private const string ResourceName = "SimdOpt.Training.Data.moons-300-seed3.csv";

    /// <summary>Loads the course's 300 examples.</summary>
    /// <returns>The data set.</returns>
    public static Dataset Load()
    {
        using var stream = typeof(CourseData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return CsvDataset.Parse(reader, "moons-300-seed3.csv");
    }
}
