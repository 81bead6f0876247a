using System.Diagnostics;
using System.Numerics.Tensors;
using SimdOpt.Distributed.Mpi;
using SimdOpt.Distributed.Sharding;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Schedules;

namespace SimdOpt.Distributed;

/// <summary>
/// A ZeRO stage-1 optimizer over MPI: every rank holds the whole parameter buffer and its own whole gradient
/// buffer, but optimizer state only for its contiguous share (<see cref="Plan"/>; about 1/N of the state memory).
/// A step sums each share's gradients over all ranks on the share's owner, in rank order
/// (<c>g_0 + g_1 + … + g_(N-1)</c>, left to right, one float addition per element and rank), steps the share with
/// the share's own optimizer, and all-gathers the updated shares, so every rank ends with the same parameters.
/// </summary>
/// <remarks>
/// <para>
/// Exactness: the result equals, bit for bit, one process that sums the same N gradient buffers in rank order and
/// steps the whole buffer with one optimizer of the same rule, options and groups; the per-element update is the
/// rule's own, and the step's scalars depend only on the step number and the learning rate.
/// </para>
/// <para>
/// The share optimizer is built by the caller's factory over <see cref="ShareLayout.For"/>: the pieces of the
/// tensors the share covers, under their tensors' names. Groups must select a piece exactly when they select its
/// whole tensor (select by name, as <see cref="ParameterGroup{TOptions}.ForTensors"/> does); construction checks
/// this. Rules are element-wise today; a rule that needed a whole tensor at once could not be sharded this way.
/// </para>
/// <para>
/// Every rank must construct the optimizer and call each step together. Construction exchanges a fingerprint of
/// the layout and settings (<see cref="ShardedSettings"/>) and throws on every rank if any differ. Every collective
/// runs under a watchdog: a rank that dies or stops calling ends the whole job through <c>MPI_Abort</c> after
/// <see cref="Timeout"/>, with a message naming what the waiting rank expected, instead of hanging.
/// </para>
/// </remarks>
public sealed class ShardedOptimizer : IDisposable
{
    private readonly MpiChannel _channel;
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private readonly float[] _sum;
    private readonly float[] _incoming;
    private long _reduceTicks;
    private long _updateTicks;
    private long _gatherTicks;
    private long _timedSteps;

    private ShardedOptimizer(ParameterLayout layout, MpiChannel channel, ShardPlan plan, Optimizer share)
    {
        Layout = layout;
        _channel = channel;
        Plan = plan;
        Share = share;
        _starts = plan.Starts.ToArray();
        _lengths = plan.Lengths.ToArray();
        var scratch = plan.RankCount > 1 ? ShareLength : 0;
        _sum = GC.AllocateUninitializedArray<float>(scratch, pinned: true);
        _incoming = GC.AllocateUninitializedArray<float>(scratch, pinned: true);
    }

    /// <summary>
    /// Builds this rank's part of a sharded optimizer. Every rank of <c>MPI_COMM_WORLD</c> must call it with the
    /// same layout and an equally configured factory.
    /// </summary>
    /// <typeparam name="TOptions">The rule's options.</typeparam>
    /// <param name="layout">The whole parameter layout.</param>
    /// <param name="createShare">Builds the rule over the layout it is given (this rank's share), e.g.
    /// <c>l =&gt; new Adam(l, 1e-3, options, groups)</c>.</param>
    /// <param name="timeout">How long any collective may wait for the other ranks before the job is aborted; default 2 minutes.</param>
    /// <returns>The sharded optimizer; dispose it before MPI is finalized.</returns>
    /// <exception cref="InvalidOperationException">MPI is not initialized, or the ranks disagree on the layout or settings (thrown on every rank).</exception>
    /// <exception cref="ArgumentException">The factory built an optimizer over another layout, or a group selects a tensor's piece differently from the whole tensor.</exception>
    public static ShardedOptimizer Create<TOptions>(ParameterLayout layout, Func<ParameterLayout, Optimizer<TOptions>> createShare, TimeSpan? timeout = null)
        where TOptions : OptimizerOptions
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(createShare);
        var channel = new MpiChannel(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            var plan = new ShardPlan(layout.TotalLength, channel.Size);
            Optimizer<TOptions>? share = null;
            string description;
            Exception? failure = null;
            try
            {
                share = BuildShare(layout, plan, channel.Rank, createShare, out description);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
            {
                failure = e;
                description = string.Empty;
            }

            var fingerprint = failure is null ? ShardedSettings.Fingerprint(description) : 0;
            Span<ulong> all = stackalloc ulong[channel.Size];
            channel.AllGather(fingerprint, all);
            if (failure is not null)
            {
                throw failure;
            }

            CheckAgreement(all, channel.Rank, description);
            return new ShardedOptimizer(layout, channel, plan, share!);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    /// <summary>The whole parameter layout.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>How the buffer is cut into the ranks' shares.</summary>
    public ShardPlan Plan { get; }

    /// <summary>This rank's number in <c>MPI_COMM_WORLD</c>.</summary>
    public int Rank => _channel.Rank;

    /// <summary>The number of ranks.</summary>
    public int RankCount => _channel.Size;

    /// <summary>The first element of this rank's share.</summary>
    public int ShareStart => Plan.Start(Rank);

    /// <summary>The number of elements in this rank's share.</summary>
    public int ShareLength => Plan.Length(Rank);

    /// <summary>
    /// This rank's optimizer over its share (<see cref="ShareLayout.For"/>): its state, step count and learning
    /// rate. Set its <see cref="Optimizer.LearningRate"/> or <see cref="Optimizer.Schedule"/> the same way on every rank.
    /// </summary>
    public Optimizer Share { get; }

    /// <summary>How long a collective waits for the other ranks before the job is aborted.</summary>
    public TimeSpan Timeout => _channel.Timeout;

    /// <summary>Completed steps (the share optimizer's).</summary>
    public long StepCount => Share.StepCount;

    /// <summary>The base learning rate of the next step; set it to the same value on every rank.</summary>
    public double LearningRate
    {
        get => Share.LearningRate;
        set => Share.LearningRate = value;
    }

    /// <summary>A schedule driving the learning rate by step (see <see cref="Optimizer.Schedule"/>); set it alike on every rank.</summary>
    public LearningRateSchedule? Schedule
    {
        get => Share.Schedule;
        set => Share.Schedule = value;
    }

    /// <summary>Bytes of optimizer state this rank holds: its share's <see cref="Optimizer.StateBytes"/>, as stored in the share's precision.</summary>
    public long StateBytes => Share.StateBytes;

    /// <summary>Bytes of scratch this rank holds for receiving and summing gradients (twice its share, none on one rank).</summary>
    public long ScratchBytes => ((long)_sum.Length + _incoming.Length) * sizeof(float);

    /// <summary>Where this rank's steps spent their time since construction or <see cref="ResetTimes"/>.</summary>
    public ShardedStepTimes Times => new(
        _timedSteps,
        Stopwatch.GetElapsedTime(0, _reduceTicks),
        Stopwatch.GetElapsedTime(0, _updateTicks),
        Stopwatch.GetElapsedTime(0, _gatherTicks));

    /// <summary>Sets <see cref="Times"/> to zero.</summary>
    public void ResetTimes() => _reduceTicks = _updateTicks = _gatherTicks = _timedSteps = 0;

    /// <summary>One sharded step; every rank calls it together. See <see cref="Step(Span{float}, ReadOnlySpan{float})"/>.</summary>
    /// <exception cref="ArgumentException">A buffer's layout differs from <see cref="Layout"/>.</exception>
    public StepOutcome Step(ParameterBuffer parameters, ParameterBuffer gradients)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        CheckLayout(parameters.Layout, nameof(parameters));
        CheckLayout(gradients.Layout, nameof(gradients));
        return Step(parameters.Span, gradients.Span);
    }

    /// <summary>
    /// One sharded step; every rank calls it together with the same <paramref name="parameters"/> and its own
    /// <paramref name="gradients"/>. Sums every rank's gradients for this rank's share in rank order, applies the
    /// share optimizer's non-finite policy to the sum (agreed across ranks: if any share's sum is not finite, every
    /// rank skips, or every rank throws, and nothing changes anywhere), steps the share, and all-gathers the shares
    /// into <paramref name="parameters"/>. <paramref name="gradients"/> is not written. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length is not the layout's, or the two overlap.</exception>
    /// <exception cref="NonFiniteGradientException">A summed gradient is not finite under <see cref="NonFiniteGradientPolicy.Throw"/> (on every rank).</exception>
    public StepOutcome Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        CheckLength(parameters.Length, nameof(parameters));
        CheckLength(gradients.Length, nameof(gradients));
        if (parameters.Overlaps(gradients))
        {
            throw new ArgumentException("The parameters and gradients overlap; they must be separate buffers.", nameof(gradients));
        }

        var start = ShareStart;
        var length = ShareLength;
        var began = Stopwatch.GetTimestamp();
        ReadOnlySpan<float> sum;
        if (RankCount == 1)
        {
            sum = gradients;
        }
        else
        {
            _channel.ReduceInRankOrder(gradients, _starts, _lengths, _sum, _incoming);
            sum = _sum;
        }

        var policy = Share.NonFiniteGradients;
        var elsewhere = false;
        if (policy != NonFiniteGradientPolicy.Propagate && RankCount > 1)
        {
            var finiteHere = TensorPrimitives.IsFiniteAll(sum);
            elsewhere = _channel.Any(!finiteHere) && finiteHere;
        }

        var reduced = Stopwatch.GetTimestamp();
        _reduceTicks += reduced - began;
        if (elsewhere)
        {
            _timedSteps++;
            return policy == NonFiniteGradientPolicy.Skip
                ? StepOutcome.Skipped
                : throw new NonFiniteGradientException("A summed gradient on another rank's share is not finite; no parameter or state was changed on any rank.");
        }

        StepOutcome outcome;
        try
        {
            outcome = Share.Step(parameters.Slice(start, length), sum);
        }
        catch (NonFiniteGradientException e) when (e.Index >= 0)
        {
            var index = start + e.Index;
            throw new NonFiniteGradientException(index, e.Value, Layout.Tensors.LastOrDefault(t => t.Offset <= index)?.Name);
        }

        var updated = Stopwatch.GetTimestamp();
        _updateTicks += updated - reduced;
        if (outcome == StepOutcome.Applied && RankCount > 1)
        {
            _channel.AllGatherShares(parameters, _starts, _lengths);
        }

        _gatherTicks += Stopwatch.GetTimestamp() - updated;
        _timedSteps++;
        return outcome;
    }

    /// <summary>Frees the private communicator. Call it on every rank, before MPI is finalized.</summary>
    public void Dispose() => _channel.Dispose();

    private static Optimizer<TOptions> BuildShare<TOptions>(ParameterLayout layout, ShardPlan plan, int rank, Func<ParameterLayout, Optimizer<TOptions>> createShare, out string description)
        where TOptions : OptimizerOptions
    {
        var shareLayout = ShareLayout.For(layout, plan.Start(rank), plan.Length(rank));
        var share = createShare(shareLayout) ?? throw new ArgumentException("The factory returned null.", nameof(createShare));
        if (!share.Layout.Equals(shareLayout))
        {
            throw new ArgumentException($"The factory must build the optimizer over the layout it is given ({shareLayout}), not over ({share.Layout}).", nameof(createShare));
        }

        var whole = ShardedSettings.AssignGroups(layout, share.Groups);
        var pieces = ShardedSettings.AssignGroups(shareLayout, share.Groups);
        foreach (var piece in shareLayout.Tensors)
        {
            var tensor = layout[piece.Name];
            if (pieces[piece.Index] != whole[tensor.Index])
            {
                throw new ArgumentException(
                    $"Rank {rank}'s share holds part of tensor '{tensor.Name}' as {piece.Name}{piece.ShapeText}, and the groups select that piece differently from the whole tensor {tensor.Name}{tensor.ShapeText}; select tensors by name (ParameterGroup.ForTensors).",
                    nameof(createShare));
            }
        }

        description = ShardedSettings.Describe(layout, plan.RankCount, share, whole);
        return share;
    }

    private static void CheckAgreement(ReadOnlySpan<ulong> fingerprints, int rank, string description)
    {
        var failed = new List<int>();
        var differ = new List<int>();
        for (var r = 0; r < fingerprints.Length; r++)
        {
            if (fingerprints[r] == 0)
            {
                failed.Add(r);
            }
            else if (fingerprints[r] != fingerprints[rank])
            {
                differ.Add(r);
            }
        }

        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"Rank(s) {string.Join(", ", failed)} could not build their share of the optimizer (see their error); no rank can step.");
        }

        if (differ.Count > 0)
        {
            throw new InvalidOperationException(
                $"The ranks disagree on the layout or optimizer settings: rank {rank}'s fingerprint {fingerprints[rank]:x16} differs from that of rank(s) {string.Join(", ", differ)} "
                + $"(all: {string.Join(", ", fingerprints.ToArray().Select(f => f.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)))}). Rank {rank}'s settings: {description}");
        }
    }

    private void CheckLayout(ParameterLayout layout, string name)
    {
        if (!Layout.Equals(layout))
        {
            throw new ArgumentException($"The {name} buffer's layout ({layout}) differs from the optimizer's ({Layout}).", name);
        }
    }

    private void CheckLength(int length, string name)
    {
        if (length != Layout.TotalLength)
        {
            throw new ArgumentException($"The {name} span has {length} elements; the layout has {Layout.TotalLength}.", name);
        }
    }
}
