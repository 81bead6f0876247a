using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using SimdOpt.Averaging;
using SimdOpt.Kernels;
using SimdOpt.Parameters;
using SimdOpt.Precision;
using SimdOpt.Schedules;
using SimdOpt.Threading;

namespace SimdOpt.Optimizers;

/// <summary>
/// Updates a parameter buffer in place from a gradient buffer of the same layout. It owns its state
/// (moments, accumulators and the step count) laid out like the parameters.
/// </summary>
/// <remarks>
/// A step runs in three phases, which <see cref="Step(Span{float}, ReadOnlySpan{float})"/> chains:
/// <see cref="PrepareStep"/> checks the gradients against the <see cref="NonFiniteGradientPolicy"/> and computes
/// the step's scalars (learning rate, bias corrections) once, in double, rounded to float;
/// <see cref="ApplyStep"/> updates any range of the buffer with those scalars (disjoint ranges may run on
/// different threads); <see cref="CompleteStep"/> advances <see cref="StepCount"/>. Each element's new value
/// depends only on that element's inputs and the step's scalars, so every split gives the same bits.
/// After construction nothing here allocates.
/// <para>
/// Threading: an optimizer is not thread-safe. Call it from one thread at a time, with one exception: the
/// <see cref="ApplyStep"/> calls of one prepared step may run at the same time on different threads (over
/// disjoint ranges). <see cref="Step(Span{float}, ReadOnlySpan{float})"/>, <see cref="PrepareStep"/>,
/// <see cref="CompleteStep"/>, <see cref="Reset"/>, <see cref="RestoreStepCount"/>, setting
/// <see cref="LearningRate"/> and saving or loading a checkpoint each need the optimizer to themselves. A call
/// that finds another one running on a different thread throws <see cref="InvalidOperationException"/>
/// before it changes anything (one interlocked compare-exchange on entry). To step on several threads, use
/// <see cref="Step(ParameterBuffer, ParameterBuffer, StepWorkers)"/> or one optimizer per thread.
/// </para>
/// </remarks>
public abstract class Optimizer : IChunkedStep
{
    private readonly ParameterBuffer[] _states;
    private readonly ReducedState? _reduced;
    private readonly ReadOnlyCollection<string> _stateNames;
    private readonly GroupRun[] _runs;
    private readonly int[] _tensorGroups;
    private double _learningRate;
    private long _ticket;
    private long _preparedTicket = -1;
    private ConcurrentUseGuard _guard;
    private WeightAverage? _average;
    private AverageUpdate _averageUpdate;

    private protected Optimizer(ParameterLayout layout, double learningRate, string[] stateNames, int[] tensorGroups, NonFiniteGradientPolicy nonFiniteGradients, StatePrecision statePrecision = StatePrecision.Float32, ulong? stochasticRoundingSeed = null, int? quantizedTensorMinimumLength = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!Enum.IsDefined(nonFiniteGradients))
        {
            throw new ArgumentOutOfRangeException(nameof(nonFiniteGradients), nonFiniteGradients, "Unknown non-finite gradient policy.");
        }

        Layout = layout;
        LearningRate = learningRate;
        NonFiniteGradients = nonFiniteGradients;
        _stateNames = Array.AsReadOnly(stateNames);
        _reduced = ReducedState.Create(statePrecision, stochasticRoundingSeed, quantizedTensorMinimumLength ?? OptimizerOptions.DefaultQuantizedTensorMinimumLength, layout, stateNames);
        StatePrecision = statePrecision;
        _states = new ParameterBuffer[_reduced is null ? stateNames.Length : 0];
        for (var i = 0; i < _states.Length; i++)
        {
            _states[i] = new ParameterBuffer(layout);
        }

        _tensorGroups = (int[])tensorGroups.Clone();
        _runs = GroupRun.Build(layout, tensorGroups);
    }

    /// <summary>The layout the parameters, gradients and state share.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>
    /// The largest <see cref="StepCount"/>: 2^53, the last count a double (the step scalars' and schedules' type)
    /// holds exactly. A step past it throws instead of wrapping the count or rounding <c>beta^t</c>'s exponent.
    /// </summary>
    public const long MaxStepCount = 1L << 53;

    /// <summary>Number of completed steps, in [0, <see cref="MaxStepCount"/>]; the next step is number <c>StepCount + 1</c>.</summary>
    public long StepCount { get; private set; }

    /// <summary>What a step does with NaN or infinite gradients.</summary>
    public NonFiniteGradientPolicy NonFiniteGradients { get; }

    /// <summary>
    /// The base learning rate of the next step (a group's rate is this times its
    /// <see cref="ParameterGroup{TOptions}.LearningRateScale"/>). Set it between steps to follow a schedule.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">A step is running on another thread.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            Check.NonNegative(value, nameof(LearningRate));
            _guard.ThrowIfBusy(this, nameof(LearningRate));

            _learningRate = value;
        }
    }

    /// <summary>
    /// A running average of the parameters that every applied step updates in its own pass, or null (the default) for
    /// none. Right after the rule computes an element's new parameter, the pass updates the average's element from it,
    /// so a step moves 8 bytes more per element instead of a separate 12-byte
    /// <see cref="WeightAverage.Update(ParameterBuffer)"/> pass over the buffer; the result has the same bits as that
    /// pass after the step (<see cref="Reference.ReferenceWeightAverage"/>), on every path and split, and
    /// <see cref="WeightAverage.Count"/> advances when the step completes. A skipped step (non-finite gradients) does
    /// not update it. The average sees what the step writes: under a <see cref="Lookahead"/> that is the fast weights,
    /// before a synchronisation.
    /// </summary>
    /// <remarks>Setting it makes a step prepared before stale (prepare it again).</remarks>
    /// <exception cref="ArgumentException">The average's layout differs from <see cref="Layout"/>.</exception>
    /// <exception cref="InvalidOperationException">A step is running on another thread.</exception>
    public WeightAverage? Average
    {
        get => _average;
        set
        {
            if (value is not null && !Layout.Equals(value.Average.Layout))
            {
                throw new ArgumentException($"The weight average's layout ({value.Average.Layout}) differs from the optimizer's ({Layout}).", nameof(value));
            }

            _guard.ThrowIfBusy(this, nameof(Average));
            _average = value;
            _preparedTicket = -1;
        }
    }

    /// <summary>
    /// Drives <see cref="LearningRate"/> by step: when set, every step first sets
    /// <c>LearningRate = Schedule.At(StepCount)</c> (the count of completed steps, so step t uses
    /// <c>At(t - 1)</c>). Leave it null to drive the rate yourself, for example by epoch:
    /// <c>optimizer.LearningRate = schedule.At(epoch)</c>.
    /// </summary>
    public LearningRateSchedule? Schedule { get; set; }

    /// <summary>Names of the state buffers, in slot order (for example <c>exp_avg</c>, <c>exp_avg_sq</c>).</summary>
    public IReadOnlyList<string> StateNames => _stateNames;

    /// <summary>How the state buffers are stored (<see cref="OptimizerOptions.StatePrecision"/> of the options).</summary>
    public StatePrecision StatePrecision { get; }

    /// <summary>
    /// Bytes of per-element state the optimizer holds, over all its state buffers: 4 per element and buffer with
    /// <see cref="Precision.StatePrecision.Float32"/> state, 2 with <see cref="Precision.StatePrecision.BFloat16"/>, and with
    /// <see cref="Precision.StatePrecision.Blockwise8Bit"/> 1 per element plus 4 per block scale plus 4 per element of the
    /// tensors that keep float32 state (each buffer as a checkpoint stores it).
    /// </summary>
    public long StateBytes => _stateNames.Count * (_reduced?.SlotBytes ?? (long)Layout.TotalLength * sizeof(float));

    /// <summary>
    /// One state buffer, laid out like the parameters. With <see cref="Precision.StatePrecision.Float32"/> state it is the
    /// optimizer's own buffer (writable). With reduced precision it is a new float32 buffer holding a decoded copy, for
    /// inspection: it allocates, and writing to it changes nothing (checkpoints store and restore the encoded state).
    /// </summary>
    /// <exception cref="KeyNotFoundException">The optimizer has no state of that name.</exception>
    public ParameterBuffer State(string stateName)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        var slot = _stateNames.IndexOf(stateName);
        if (slot < 0)
        {
            throw new KeyNotFoundException(
                $"{GetType().Name} has no state named '{stateName}'. Its states: {(_stateNames.Count == 0 ? "none" : string.Join(", ", _stateNames))}.");
        }

        if (_reduced is null)
        {
            return _states[slot];
        }

        var copy = new ParameterBuffer(Layout);
        _reduced.Decode(slot, 0, copy.Span);
        return copy;
    }

    /// <summary>One tensor's view of one state buffer.</summary>
    public ReadOnlySpan<float> State(string stateName, string tensorName) => State(stateName)[tensorName];

    /// <summary>
    /// Names of the rule's scalar state: numbers that belong to the whole optimizer (or one parameter group) rather
    /// than to each element, such as NAdam's running product of momentum factors or Schedule-Free's weight sum and
    /// train/eval mode. Empty for most rules.
    /// </summary>
    public virtual IReadOnlyList<string> ScalarStateNames => [];

    /// <summary>The current value of the scalar state <paramref name="name"/> (for checkpoints and inspection).</summary>
    /// <exception cref="KeyNotFoundException">The optimizer has no scalar state of that name; the message lists the known ones.</exception>
    public double ScalarState(string name) => GetScalarState(ScalarStateIndex(name));

    /// <summary>Restores the scalar state <paramref name="name"/> exactly (for checkpoints; pair it with <see cref="RestoreStepCount"/>).</summary>
    /// <exception cref="KeyNotFoundException">The optimizer has no scalar state of that name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the range the rule can reach; nothing changes.</exception>
    public void RestoreScalarState(string name, double value)
    {
        SetScalarState(ScalarStateIndex(name), value);
        _preparedTicket = -1;
    }

    /// <summary>One whole step over the buffers of <paramref name="parameters"/> and <paramref name="gradients"/>.</summary>
    /// <exception cref="ArgumentException">A buffer's layout differs from <see cref="Layout"/>, or the two are the same buffer.</exception>
    public StepOutcome Step(ParameterBuffer parameters, ParameterBuffer gradients)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        CheckLayout(parameters.Layout, nameof(parameters));
        CheckLayout(gradients.Layout, nameof(gradients));
        return Step(parameters.Span, gradients.Span);
    }

    /// <summary>
    /// One whole step split across <paramref name="workers"/>' threads (on the calling thread alone below their
    /// threshold); the same bits as a single-threaded step. Validates like <see cref="Step(ParameterBuffer, ParameterBuffer)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A buffer's layout differs from <see cref="Layout"/>, or the buffers overlap.</exception>
    /// <exception cref="NonFiniteGradientException">A gradient is not finite under <see cref="NonFiniteGradientPolicy.Throw"/>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="workers"/> was disposed (nothing changes, not even a scheduled <see cref="LearningRate"/>).</exception>
    /// <exception cref="InvalidOperationException">Another call is running on this optimizer or on <paramref name="workers"/>.</exception>
    public StepOutcome Step(ParameterBuffer parameters, ParameterBuffer gradients, StepWorkers workers)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(workers);
        CheckLayout(parameters.Layout, nameof(parameters));
        CheckLayout(gradients.Layout, nameof(gradients));
        _guard.EnterExclusive(this, nameof(Step));
        try
        {
            CheckBuffers(parameters.Span, gradients.Span);
            workers.Enter();
            try
            {
                var step = PrepareCore(gradients.Span);
                if (!step.IsSkipped)
                {
                    workers.Apply(this, parameters, gradients);
                }

                return CompleteCore(step);
            }
            finally
            {
                workers.Exit();
            }
        }
        finally
        {
            _guard.ExitExclusive();
        }
    }

    /// <summary>
    /// One whole step: <c>PrepareStep</c>, <c>ApplyStep</c> over the whole buffer, <c>CompleteStep</c>.
    /// Everything is validated before the first write; whatever throws leaves parameters and state unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length is not <see cref="ParameterLayout.TotalLength"/>, or the spans overlap each other or the state.</exception>
    /// <exception cref="NonFiniteGradientException">A gradient is not finite under <see cref="NonFiniteGradientPolicy.Throw"/>.</exception>
    /// <exception cref="InvalidOperationException">Another call is running on this optimizer on another thread.</exception>
    public StepOutcome Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        _guard.EnterExclusive(this, nameof(Step));
        try
        {
            CheckBuffers(parameters, gradients);
            var step = PrepareCore(gradients);
            if (!step.IsSkipped)
            {
                ApplyValidated(parameters, gradients, 0, Layout.TotalLength);
            }

            return CompleteCore(step);
        }
        finally
        {
            _guard.ExitExclusive();
        }
    }

    /// <summary>
    /// Applies the non-finite policy to the whole gradient buffer and fixes the scalars of step
    /// <c>StepCount + 1</c>. Changes no parameter, state or step count.
    /// </summary>
    /// <exception cref="ArgumentException">The gradients' length is not <see cref="ParameterLayout.TotalLength"/>.</exception>
    /// <exception cref="NonFiniteGradientException">A gradient is not finite under <see cref="NonFiniteGradientPolicy.Throw"/>.</exception>
    /// <exception cref="InvalidOperationException">Another call is running on this optimizer on another thread.</exception>
    public PreparedStep PrepareStep(ReadOnlySpan<float> gradients) => PrepareSummedStep(gradients, 1);

    /// <summary>
    /// <see cref="PrepareStep"/> for gradients that are a sum of <paramref name="gradientDivisor"/>
    /// micro-batches: the prepared step divides every gradient by <c>(float)gradientDivisor</c> inside its pass, before the
    /// rest of the gradient transform (the non-finite policy sees the sum: the division cannot change finiteness).
    /// </summary>
    internal PreparedStep PrepareSummedStep(ReadOnlySpan<float> gradients, int gradientDivisor)
    {
        _guard.EnterExclusive(this, nameof(PrepareStep));
        try
        {
            return PrepareCore(gradients, gradientDivisor);
        }
        finally
        {
            _guard.ExitExclusive();
        }
    }

    /// <summary>What the step being prepared divides the gradients by: <c>(float)k</c> for the sum of k micro-batches, else 1.</summary>
    private protected float GradientDivisor { get; private set; } = 1f;

    private PreparedStep PrepareCore(ReadOnlySpan<float> gradients, int gradientDivisor = 1)
    {
        CheckLength(gradients.Length, nameof(gradients));
        CheckCanStep();
        if (StepCount >= MaxStepCount)
        {
            ThrowStepCountLimit();
        }

        var stepNumber = StepCount + 1;
        if (NonFiniteGradients != NonFiniteGradientPolicy.Propagate && !TensorPrimitives.IsFiniteAll(gradients))
        {
            if (NonFiniteGradients == NonFiniteGradientPolicy.Throw)
            {
                throw CreateNonFiniteException(gradients);
            }

            return new PreparedStep(this, stepNumber, ++_ticket, isSkipped: true);
        }

        var learningRate = _learningRate;
        if (Schedule is not null)
        {
            learningRate = Schedule.At(StepCount);
            Check.NonNegative(learningRate, nameof(LearningRate));
        }

        var averageUpdate = _average?.NextUpdate() ?? default;

        // Prepare may reject a scalar part-way through the groups: a step prepared earlier is void from here on.
        _preparedTicket = -1;
        GradientDivisor = gradientDivisor;
        Prepare(stepNumber, learningRate);
        _averageUpdate = averageUpdate;
        _learningRate = learningRate;
        _preparedTicket = ++_ticket;
        return new PreparedStep(this, stepNumber, _preparedTicket, isSkipped: false);
    }

    /// <summary>
    /// Updates elements <c>[start, start + length)</c> of the buffer with the prepared step's scalars. Disjoint
    /// ranges of one prepared step may run concurrently. Validates everything before writing.
    /// </summary>
    /// <param name="step">The token from <see cref="PrepareStep"/>; it must be the latest and not completed.</param>
    /// <param name="parameters">The whole parameter buffer.</param>
    /// <param name="gradients">The whole gradient buffer.</param>
    /// <param name="start">First element of the range.</param>
    /// <param name="length">Number of elements in the range.</param>
    /// <exception cref="ArgumentException">Lengths or overlap, as for <see cref="Step(Span{float}, ReadOnlySpan{float})"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the buffer.</exception>
    /// <exception cref="InvalidOperationException">The token is stale or from another optimizer, or a call other than <see cref="ApplyStep"/> is running on this optimizer on another thread.</exception>
    public void ApplyStep(in PreparedStep step, Span<float> parameters, ReadOnlySpan<float> gradients, int start, int length)
    {
        _guard.EnterShared(this, nameof(ApplyStep));
        try
        {
            ApplyChecked(step, parameters, gradients, start, length);
        }
        finally
        {
            _guard.ExitShared();
        }
    }

    private void ApplyChecked(in PreparedStep step, Span<float> parameters, ReadOnlySpan<float> gradients, int start, int length)
    {
        CheckBuffers(parameters, gradients);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if ((long)start + length > Layout.TotalLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"The range [{start}, {(long)start + length}) is not inside the buffer of {Layout.TotalLength} elements.");
        }

        CheckOwner(step);
        if (step.IsSkipped)
        {
            return;
        }

        CheckTicket(step);
        _reduced?.CheckRange(start, length);
        ApplyValidated(parameters, gradients, start, length);
    }

    /// <summary>
    /// The body of <see cref="ApplyStep"/> once the buffers, the range and the step are known to be valid. float32 state
    /// runs here, in one pass per run of one group; reduced-precision state in <see cref="ApplyEncoded"/>.
    /// </summary>
    private void ApplyValidated(Span<float> parameters, ReadOnlySpan<float> gradients, int start, int length)
    {
        if (_reduced is not null)
        {
            ApplyEncoded(_reduced, parameters, gradients, start, length);
            return;
        }

        var states = _states;
        var average = _average is null ? default : _average.Average.Span;
        var end = start + length;
        foreach (var run in _runs)
        {
            if (!run.Overlap(start, end, out var from, out var count))
            {
                continue;
            }

            var state = new StateStreams(
                states.Length > 0 ? states[0].Span.Slice(from, count) : [],
                states.Length > 1 ? states[1].Span.Slice(from, count) : [],
                states.Length > 2 ? states[2].Span.Slice(from, count) : [],
                average.IsEmpty ? [] : average.Slice(from, count),
                _averageUpdate);
            Update(run.Group, parameters.Slice(from, count), gradients.Slice(from, count), state);
        }
    }

    /// <summary>
    /// <see cref="ApplyValidated"/> over reduced-precision state, in one pass per run of one group: with bfloat16 the loop
    /// decodes, steps and encodes each lane group in registers (for stochastic rounding with the keys of the step being
    /// applied and each element's buffer index); with 8-bit state it decodes, steps and encodes one 256-element block at a
    /// time (<see cref="Blockwise8BitStep"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ApplyEncoded(ReducedState reduced, Span<float> parameters, ReadOnlySpan<float> gradients, int start, int length)
    {
        var bfloat16 = reduced as BFloat16State;
        var eightBit = reduced as Blockwise8BitState;
        var keys = bfloat16?.Seed is { } seed ? RoundingKeysOf(seed, StepCount + 1) : (RoundingKeys?)null;
        var end = start + length;
        foreach (var run in _runs)
        {
            if (!run.Overlap(start, end, out var from, out var count))
            {
                continue;
            }

            var state = eightBit is not null
                ? StateStreams.Blockwise8Bit(eightBit, from, AverageSlice(from, count), _averageUpdate)
                : StateStreams.BFloat16(bfloat16!.Slot(0, from, count), bfloat16.Slot(1, from, count), bfloat16.Slot(2, from, count), keys is { } k ? k with { FirstIndex = (uint)from } : null, AverageSlice(from, count), _averageUpdate);
            Update(run.Group, parameters.Slice(from, count), gradients.Slice(from, count), state);
        }
    }

    /// <summary>The stochastic rounding keys of step <paramref name="step"/> for every slot (<see cref="StochasticRounding.Key"/>).</summary>
    private static RoundingKeys RoundingKeysOf(ulong seed, long step) =>
        new(0, StochasticRounding.Key(seed, step, 0), StochasticRounding.Key(seed, step, 1), StochasticRounding.Key(seed, step, 2));

    /// <summary>Thread chunks of a step are cut at multiples of this many elements (256 for 8-bit state, else 1).</summary>
    int IChunkedStep.RangeAlignment => _reduced?.RangeAlignment ?? 1;

    void IChunkedStep.ApplyValidated(Span<float> parameters, ReadOnlySpan<float> gradients, int start, int length) =>
        ApplyValidated(parameters, gradients, start, length);

    /// <summary>The reduced-precision storage, or null for float32 state (for tests and file formats).</summary>
    internal ReducedState? ReducedState => _reduced;

    /// <summary>Ends a prepared step: advances <see cref="StepCount"/> unless the step was skipped.</summary>
    /// <exception cref="InvalidOperationException">The token is stale or from another optimizer, or another call is running on this optimizer on another thread.</exception>
    public StepOutcome CompleteStep(in PreparedStep step)
    {
        _guard.EnterExclusive(this, nameof(CompleteStep));
        try
        {
            return CompleteCore(step);
        }
        finally
        {
            _guard.ExitExclusive();
        }
    }

    private StepOutcome CompleteCore(in PreparedStep step)
    {
        CheckOwner(step);
        if (step.IsSkipped)
        {
            return StepOutcome.Skipped;
        }

        CheckTicket(step);
        _preparedTicket = -1;
        StepCount = step.StepNumber;
        _average?.CountUpdate();
        CompleteScalarState();
        return StepOutcome.Applied;
    }

    /// <summary>Sets the step count to 0 and every state buffer to its initial value.</summary>
    /// <exception cref="InvalidOperationException">Another call is running on this optimizer on another thread.</exception>
    public void Reset()
    {
        _guard.EnterExclusive(this, nameof(Reset));
        try
        {
            ResetCore();
        }
        finally
        {
            _guard.ExitExclusive();
        }
    }

    private void ResetCore()
    {
        StepCount = 0;
        _preparedTicket = -1;
        ResetScalarState();
        for (var slot = 0; slot < _stateNames.Count; slot++)
        {
            foreach (var run in _runs)
            {
                if (_reduced is null)
                {
                    _states[slot].Span.Slice(run.Offset, run.Length).Fill(InitialStateValue(slot, run.Group));
                }
                else
                {
                    _reduced.Fill(slot, run.Offset, run.Length, InitialStateValue(slot, run.Group));
                }
            }
        }
    }

    /// <summary>Restores the step count (for checkpoints); state buffers are restored through <see cref="State(string)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [0, <see cref="MaxStepCount"/>].</exception>
    /// <exception cref="InvalidOperationException">Another call is running on this optimizer on another thread.</exception>
    public void RestoreStepCount(long stepCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stepCount, MaxStepCount);
        _guard.EnterExclusive(this, nameof(RestoreStepCount));
        StepCount = stepCount;
        _preparedTicket = -1;
        _guard.ExitExclusive();
    }

    /// <summary>Sets the step count and learning rate inside <see cref="Exclusively"/> (a checkpoint's restore); both already validated.</summary>
    internal void Restore(long stepCount, double learningRate)
    {
        StepCount = stepCount;
        _learningRate = learningRate;
        _preparedTicket = -1;
    }

    /// <summary>
    /// Runs <paramref name="action"/> (a checkpoint's save or restore) with the optimizer to itself: a step
    /// or another such call on another thread makes this throw, or makes that one throw.
    /// </summary>
    internal void Exclusively(string call, Action<Optimizer> action)
    {
        _guard.EnterExclusive(this, call);
        try
        {
            action(this);
        }
        finally
        {
            _guard.ExitExclusive();
        }
    }

    /// <summary>Number of hyperparameter sets: the default options (set 0) plus one per parameter group; for checkpoints.</summary>
    internal abstract int OptionSetCount { get; }

    /// <summary>Hyperparameter set <paramref name="index"/>: its group name (null for set 0), options and learning-rate scale; for checkpoints.</summary>
    internal abstract (string? Name, OptimizerOptions Options, double LearningRateScale) OptionSet(int index);

    /// <summary>The hyperparameter set of the tensor at <paramref name="tensorIndex"/> (0 = default options); for checkpoints.</summary>
    internal int TensorOptionSet(int tensorIndex) => _tensorGroups[tensorIndex];

    /// <summary>Initial value of the state in <paramref name="slot"/> for <paramref name="group"/> (0 unless a rule says otherwise).</summary>
    private protected virtual float InitialStateValue(int slot, int group) => 0f;

    /// <summary>Fills the state buffers with their initial values; called by constructors of rules whose initial state is not 0.</summary>
    private protected void InitializeState() => ResetCore();

    /// <summary>Scalar state <paramref name="index"/> (an index into <see cref="ScalarStateNames"/>).</summary>
    private protected virtual double GetScalarState(int index) => throw new InvalidOperationException("This rule has no scalar state.");

    /// <summary>Sets scalar state <paramref name="index"/>; throws <see cref="ArgumentOutOfRangeException"/> before changing anything when the value is out of range.</summary>
    private protected virtual void SetScalarState(int index, double value) => throw new InvalidOperationException("This rule has no scalar state.");

    /// <summary>Sets every scalar state to its initial value; called by <see cref="Reset"/>.</summary>
    private protected virtual void ResetScalarState()
    {
    }

    /// <summary>
    /// Commits the scalar state of the step just completed (for example the momentum product <see cref="Prepare"/>
    /// computed for it); called by <see cref="CompleteStep"/> for applied steps only, so skipped and abandoned steps leave it as it was.
    /// </summary>
    private protected virtual void CompleteScalarState()
    {
    }

    /// <summary>
    /// Called first by <see cref="PrepareStep"/>, before the gradients are checked: throws
    /// <see cref="InvalidOperationException"/> when the rule cannot step now (Schedule-Free in eval mode).
    /// </summary>
    private protected virtual void CheckCanStep()
    {
    }

    /// <summary>Makes the prepared step stale (for example after the buffer moved between train and eval points).</summary>
    private protected void AbandonPreparedStep() => _preparedTicket = -1;

    /// <summary>The buffer's runs of one parameter group each, in buffer order.</summary>
    private protected ReadOnlySpan<GroupRun> Runs => _runs;

    /// <summary>Elements <c>[start, start + length)</c> of the state buffer in <paramref name="slot"/>.</summary>
    private protected Span<float> StateSlice(int slot, int start, int length) =>
        _reduced is not null ? throw new InvalidOperationException("Reduced-precision state has no float32 slices.")
        : slot < _states.Length ? _states[slot].Span.Slice(start, length) : [];

    /// <summary>Elements <c>[start, start + length)</c> of <see cref="Average"/>'s buffer, or none.</summary>
    private Span<float> AverageSlice(int start, int length) => _average is null ? [] : _average.Average.Span.Slice(start, length);

    /// <summary>Computes every group's scalars for step <paramref name="stepNumber"/> at base learning rate <paramref name="learningRate"/>.</summary>
    private protected abstract void Prepare(long stepNumber, double learningRate);

    /// <summary>Runs the rule of <paramref name="group"/> over equally long, non-overlapping slices.</summary>
    private protected abstract void Update(int group, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state);

    private int ScalarStateIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var names = ScalarStateNames;
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        throw new KeyNotFoundException(
            $"{GetType().Name} has no scalar state named '{name}'. Its scalar states: {(names.Count == 0 ? "none" : string.Join(", ", names))}.");
    }

    private void CheckOwner(in PreparedStep step)
    {
        if (!ReferenceEquals(step.Owner, this))
        {
            throw new InvalidOperationException(step.Owner is null
                ? "This prepared step was not made by PrepareStep (it is a default value): call PrepareStep first."
                : "This prepared step belongs to another optimizer instance: prepare, apply and complete a step on one optimizer.");
        }
    }

    private void CheckTicket(in PreparedStep step)
    {
        if (step.Ticket != _preparedTicket || step.StepNumber != StepCount + 1)
        {
            throw new InvalidOperationException("This prepared step is stale: another step was prepared or completed since. Call PrepareStep again.");
        }
    }

    private void CheckLayout(ParameterLayout layout, string name)
    {
        if (!Layout.Equals(layout))
        {
            ThrowLayout(layout, name);
        }
    }

    private void CheckLength(int length, string name)
    {
        if (length != Layout.TotalLength)
        {
            ThrowLength(length, name);
        }
    }

    // The throws of the checks every step makes, out of line: their messages' string builders are structs holding
    // references, which the step that inlines a check would otherwise zero in its prologue on every call.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowLayout(ParameterLayout layout, string name) =>
        throw new ArgumentException($"The {name} buffer's layout ({layout}) differs from the optimizer's ({Layout}).", name);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowLength(int length, string name) =>
        throw new ArgumentException($"The {name} span has {length} elements; the layout has {Layout.TotalLength}.", name);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowStepCountLimit() =>
        throw new InvalidOperationException($"The step count has reached its limit, {MaxStepCount} (2^53): no further step can be numbered exactly. Reset the optimizer or restore a smaller count.");

    private void CheckBuffers(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        CheckLength(parameters.Length, nameof(parameters));
        CheckLength(gradients.Length, nameof(gradients));
        if (parameters.Length == 0)
        {
            return;
        }

        if (parameters.Overlaps(gradients))
        {
            throw new ArgumentException("The parameters and gradients overlap; they must be separate buffers.", nameof(gradients));
        }

        foreach (var state in _states)
        {
            if (parameters.Overlaps(state.Span) || gradients.Overlaps(state.Span))
            {
                throw new ArgumentException("The parameters or gradients overlap the optimizer's own state.", nameof(parameters));
            }
        }

        if (_average is not null && (parameters.Overlaps(_average.Average.Span) || gradients.Overlaps(_average.Average.Span)))
        {
            throw new ArgumentException("The parameters or gradients overlap the optimizer's weight average.", nameof(parameters));
        }
    }

    private NonFiniteGradientException CreateNonFiniteException(ReadOnlySpan<float> gradients)
    {
        for (var i = 0; i < gradients.Length; i++)
        {
            if (!float.IsFinite(gradients[i]))
            {
                var tensor = Layout.Tensors.LastOrDefault(t => t.Offset <= i);
                return new NonFiniteGradientException(i, gradients[i], tensor?.Name);
            }
        }

        throw new InvalidOperationException("unreachable: IsFiniteAll was false but every element is finite");
    }
}
