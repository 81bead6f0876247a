using SimdOpt.Kernels;

namespace SimdOpt.Optimizers;

/// <summary>
/// The prepared step of every hyperparameter set of one optimizer (<see cref="GroupUpdates{TUpdate}"/>), seen without
/// the rule's scalar type.
/// </summary>
internal abstract class GroupUpdates
{
    /// <summary>Prepares every set's step <paramref name="stepNumber"/> at base learning rate <paramref name="learningRate"/>.</summary>
    public abstract void Prepare(long stepNumber, double learningRate);

    /// <summary>Runs the prepared step of <paramref name="group"/> over equally long, non-overlapping slices and state.</summary>
    public abstract void Run(int group, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state);
}
