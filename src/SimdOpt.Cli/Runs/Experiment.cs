using SimdOpt.Training.Data;
using SimdOpt.Training.Loop;

namespace SimdOpt.Cli.Runs;

/// <summary>The shared setting of a set of runs: the data, the network shape and the loop's options.</summary>
/// <param name="Data">The training set.</param>
/// <param name="DataSource">Where the data came from, for the reports.</param>
/// <param name="LayerSizes">The network's layer widths, inputs first.</param>
/// <param name="InitializationSeed">The numpy seed of the He initialisation.</param>
/// <param name="Training">Epochs, batch size, shuffle seed and cost interval.</param>
internal sealed record Experiment(Dataset Data, string DataSource, int[] LayerSizes, uint InitializationSeed, TrainingOptions Training);
