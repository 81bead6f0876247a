namespace SimdOpt.Distributed;

/// <summary>
/// Where a <see cref="ShardedOptimizer"/>'s steps spent their time on this rank, summed over <see cref="Steps"/>
/// steps: <see cref="Reduce"/> (sending gradient shares, receiving and summing this rank's share in rank order,
/// and agreeing on finiteness), <see cref="Update"/> (the optimizer's pass over this rank's share) and
/// <see cref="Gather"/> (the all-gather of the updated parameter shares). Communication is Reduce + Gather; they
/// include any wait for slower ranks.
/// </summary>
/// <param name="Steps">The number of steps measured.</param>
/// <param name="Reduce">Time in the gradient reduction, summed.</param>
/// <param name="Update">Time in the optimizer's update of the share, summed.</param>
/// <param name="Gather">Time in the parameter all-gather, summed.</param>
public readonly record struct ShardedStepTimes(long Steps, TimeSpan Reduce, TimeSpan Update, TimeSpan Gather)
{
    /// <summary>Communication time (reduce + gather), summed.</summary>
    public TimeSpan Communication => Reduce + Gather;
}
