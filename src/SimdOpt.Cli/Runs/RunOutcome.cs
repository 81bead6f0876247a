using System.Numerics.Tensors;
using SimdOpt.Training.Loop;
using SimdOpt.Training.Network;

namespace SimdOpt.Cli.Runs;

/// <summary>A finished run: its plan, the trained network, its costs and timing, and its training accuracy.</summary>
/// <param name="Plan">What was run.</param>
/// <param name="Network">The trained network.</param>
/// <param name="Result">Costs, steps and wall time.</param>
/// <param name="Accuracy">The training accuracy in [0, 1].</param>
internal sealed record RunOutcome(RunPlan Plan, DenseNetwork Network, TrainingResult Result, double Accuracy)
{
    /// <summary>The optimizer's learning rate after the last step (a schedule's or plateau scheduler's last value).</summary>
    public double FinalLearningRate { get; init; }

    /// <summary>The training accuracy of the exponential moving average of the weights, or null when none was kept.</summary>
    public double? AverageAccuracy { get; init; }

    /// <summary>
    /// The run diverged: a recorded cost, the final cost or a trained parameter is NaN or infinite. A diverged
    /// run is still a result: the reports record it (non-finite numbers as JSON strings) and draw its plots.
    /// </summary>
    public bool Diverged =>
        (Result.Epochs > 0 && !double.IsFinite(Result.FinalCost))
        || Result.Costs.Any(c => !double.IsFinite(c.Cost))
        || !TensorPrimitives.IsFiniteAll<float>(Network.Parameters.Span);
}
