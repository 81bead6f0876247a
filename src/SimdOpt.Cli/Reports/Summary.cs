namespace SimdOpt.Cli.Reports;

/// <summary>The whole of <c>summary.json</c>: the shared setting and every run.</summary>
internal sealed record Summary(
    string Data,
    int Examples,
    IReadOnlyList<int> LayerSizes,
    uint InitializationSeed,
    uint ShuffleSeed,
    int BatchSize,
    int Epochs,
    int CostInterval,
    double WallSeconds,
    IReadOnlyList<RunSummary> Runs);
