using System.Globalization;
using SimdOpt.Distributed.Sharding;
using SimdOpt.Optimizers;
using SimdOpt.Precision;
using SimdOpt.State;

namespace SimdOpt.Distributed.State;

/// <summary>
/// Checkpoints of a sharded optimizer: one ordinary <see cref="Checkpoint"/> file per rank holding that rank's share
/// optimizer (its share layout, state, step count, learning rate and settings), at <see cref="SharePath"/>. A set of
/// share files converts to and from the state of one whole-buffer optimizer exactly: the state values are the same
/// floats, so a whole-buffer checkpoint written after <see cref="Merge"/> has the same bytes as one written by a
/// single process that took the same steps. Parameters are the same on every rank; save them once (for example from
/// rank 0 with <see cref="Checkpoint.Save(string, Optimizer, Parameters.ParameterBuffer?, long, Averaging.WeightAverage?, Schedules.ReduceLearningRateOnPlateau?, Lookahead?)"/> of a whole optimizer,
/// or with <see cref="SafeTensors"/>).
/// </summary>
public static class ShardedCheckpoint
{
    /// <summary>The file of rank <paramref name="rank"/> of <paramref name="rankCount"/>: <c>{prefix}.share{rank}-of-{rankCount}.ckpt</c>.</summary>
    public static string SharePath(string prefix, int rank, int rankCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rankCount);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, rankCount);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}.share{rank}-of-{rankCount}.ckpt");
    }

    /// <summary>Saves this rank's share (atomically) to <see cref="SharePath"/>; each rank calls it for its own file.</summary>
    /// <returns>The path written.</returns>
    public static string Save(string prefix, ShardedOptimizer optimizer, long counter = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var path = SharePath(prefix, optimizer.Rank, optimizer.RankCount);
        Checkpoint.Save(path, optimizer.Share, parameters: null, counter);
        return path;
    }

    /// <summary>Restores this rank's share from its file at <see cref="SharePath"/>; validates the whole file first.</summary>
    /// <exception cref="StateFileException">The file is not a valid checkpoint or belongs to another share, rule or settings.</exception>
    public static CheckpointInfo Load(string prefix, ShardedOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return Checkpoint.Load(SharePath(prefix, optimizer.Rank, optimizer.RankCount), optimizer.Share);
    }

    /// <summary>
    /// Loads the share files of <paramref name="rankCount"/> ranks into <paramref name="whole"/>, a single-process
    /// optimizer over the whole layout: its state buffers, step count and learning rate. Every file is loaded and
    /// checked (same step count, learning rate and scalar state in all) before <paramref name="whole"/> changes. Scalar
    /// state (such as NAdam's momentum product or Schedule-Free's weight sum) is the same on every share of a sharded
    /// run; it is restored into <paramref name="whole"/> by name.
    /// </summary>
    /// <param name="prefix">The prefix the shares were saved under.</param>
    /// <param name="rankCount">The number of ranks that saved them.</param>
    /// <param name="whole">The optimizer to fill.</param>
    /// <param name="createShare">Builds the same rule, options and groups over a share's layout.</param>
    /// <exception cref="StateFileException">A file is not a valid checkpoint of its share.</exception>
    /// <exception cref="InvalidDataException">The shares disagree on the step count, learning rate or a scalar state, or none holds a scalar state <paramref name="whole"/> has.</exception>
    public static void Merge(string prefix, int rankCount, Optimizer whole, Func<Parameters.ParameterLayout, Optimizer> createShare)
    {
        ArgumentNullException.ThrowIfNull(whole);
        ArgumentNullException.ThrowIfNull(createShare);
        RequireFloat32State(whole);
        var plan = new ShardPlan(whole.Layout.TotalLength, rankCount);
        var shares = new Optimizer[rankCount];
        for (var r = 0; r < rankCount; r++)
        {
            shares[r] = createShare(ShareLayout.For(whole.Layout, plan.Start(r), plan.Length(r)));
            Checkpoint.Load(SharePath(prefix, r, rankCount), shares[r]);
            if (shares[r].StepCount != shares[0].StepCount || BitConverter.DoubleToInt64Bits(shares[r].LearningRate) != BitConverter.DoubleToInt64Bits(shares[0].LearningRate))
            {
                throw new InvalidDataException(
                    $"Share {r} is at step {shares[r].StepCount} with learning rate {shares[r].LearningRate:R}, share 0 at step {shares[0].StepCount} with {shares[0].LearningRate:R}: they are not one checkpoint.");
            }
        }

        var scalars = whole.ScalarStateNames.Select(name => (Name: name, Value: AgreedScalarState(shares, name))).ToArray();
        for (var r = 0; r < rankCount; r++)
        {
            foreach (var name in whole.StateNames)
            {
                shares[r].State(name).Span.CopyTo(whole.State(name).Span.Slice(plan.Start(r), plan.Length(r)));
            }
        }

        foreach (var (name, value) in scalars)
        {
            whole.RestoreScalarState(name, value);
        }

        whole.RestoreStepCount(shares[0].StepCount);
        whole.LearningRate = shares[0].LearningRate;
    }

    /// <summary>The value of scalar state <paramref name="name"/> every share that has it holds, bit for bit.</summary>
    private static double AgreedScalarState(Optimizer[] shares, string name)
    {
        double? agreed = null;
        for (var r = 0; r < shares.Length; r++)
        {
            if (!shares[r].ScalarStateNames.Contains(name))
            {
                continue;
            }

            var value = shares[r].ScalarState(name);
            agreed ??= value;
            if (BitConverter.DoubleToInt64Bits(value) != BitConverter.DoubleToInt64Bits(agreed.Value))
            {
                throw new InvalidDataException($"Share {r} holds scalar state {name} = {value:R}, an earlier share {agreed.Value:R}: they are not one checkpoint.");
            }
        }

        return agreed ?? throw new InvalidDataException($"No share holds the scalar state {name} of the whole optimizer.");
    }

    /// <summary>
    /// Writes <paramref name="whole"/>'s state, scalar state, step count and learning rate as the share files of
    /// <paramref name="rankCount"/> ranks, so a sharded run can resume from a single-process one.
    /// </summary>
    /// <param name="prefix">The prefix to save the shares under.</param>
    /// <param name="rankCount">The number of ranks that will load them.</param>
    /// <param name="whole">The single-process optimizer.</param>
    /// <param name="createShare">Builds the same rule, options and groups over a share's layout.</param>
    /// <param name="counter">The caller's counter to store in every file.</param>
    public static void Split(string prefix, int rankCount, Optimizer whole, Func<Parameters.ParameterLayout, Optimizer> createShare, long counter = 0)
    {
        ArgumentNullException.ThrowIfNull(whole);
        ArgumentNullException.ThrowIfNull(createShare);
        RequireFloat32State(whole);
        var plan = new ShardPlan(whole.Layout.TotalLength, rankCount);
        for (var r = 0; r < rankCount; r++)
        {
            var share = createShare(ShareLayout.For(whole.Layout, plan.Start(r), plan.Length(r)));
            foreach (var name in whole.StateNames)
            {
                whole.State(name).Span.Slice(plan.Start(r), plan.Length(r)).CopyTo(share.State(name).Span);
            }

            foreach (var name in share.ScalarStateNames)
            {
                share.RestoreScalarState(name, whole.ScalarState(name));
            }

            share.RestoreStepCount(whole.StepCount);
            share.LearningRate = whole.LearningRate;
            Checkpoint.Save(SharePath(prefix, r, rankCount), share, parameters: null, counter);
        }
    }

    private static void RequireFloat32State(Optimizer whole)
    {
        if (whole.StatePrecision != StatePrecision.Float32)
        {
            throw new NotSupportedException($"Splitting and merging share checkpoints copies float32 state; this optimizer stores its state as {whole.StatePrecision}.");
        }
    }
}
