using System.Diagnostics;
using SimdOpt.Averaging;
using SimdOpt.Gradients;
using SimdOpt.Optimizers;
using SimdOpt.Schedules;
using SimdOpt.Training.Data;
using SimdOpt.Training.Network;

namespace SimdOpt.Training.Loop;

/// <summary>
/// The course's training loop: per epoch a fresh shuffle, then for every mini-batch forward, cost, backward
/// and one optimizer step; the epoch's cost is the sum of the mini-batch costs divided by the number of
/// examples. A <see cref="TrainingOptions.Schedule"/> sets the learning rate before every step, by epoch or by
/// step; a <see cref="Plateau"/> scheduler sets it after every epoch from the epoch's cost instead. With
/// <see cref="TrainingOptions.AccumulationSteps"/> k &gt; 1 every k mini-batches make one step; a
/// <see cref="Lookahead"/> synchronises after the steps that complete its period, and an <see cref="Average"/> is
/// updated after every applied step (after the synchronisation). After construction <see cref="TrainEpoch(bool)"/>
/// allocates nothing.
/// </summary>
public sealed class Trainer
{
    private readonly DenseNetwork _network;
    private readonly Optimizer _optimizer;
    private readonly Dataset _data;
    private readonly TrainingOptions _options;
    private readonly MiniBatches _batches;
    private readonly Propagation _propagation;
    private readonly GradientAccumulator? _accumulator;
    private readonly WeightAverage? _average;
    private readonly ReduceLearningRateOnPlateau? _plateau;
    private readonly Lookahead? _lookahead;
    private uint _seed;

    /// <summary>Prepares a run; the network keeps whatever parameters it has (initialise it first).</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="optimizer">An optimizer built over <see cref="DenseNetwork.Layout"/>.</param>
    /// <param name="data">The training set.</param>
    /// <param name="options">The loop's settings.</param>
    public Trainer(DenseNetwork network, Optimizer optimizer, Dataset data, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!optimizer.Layout.Equals(network.Layout))
        {
            throw new ArgumentException($"The optimizer's layout ({optimizer.Layout}) is not the network's ({network.Layout}).", nameof(optimizer));
        }

        if (data.FeatureCount != network.InputSize)
        {
            throw new ArgumentException($"The data has {data.FeatureCount} features but the network takes {network.InputSize} inputs.", nameof(data));
        }

        if (options.Schedule is not null && optimizer.Schedule is not null)
        {
            throw new ArgumentException("Both the training options and the optimizer have a learning-rate schedule; set only one.", nameof(options));
        }

        _network = network;
        _optimizer = optimizer;
        _data = data;
        _options = options;
        _batches = new MiniBatches(data, options.BatchSize);
        _propagation = new Propagation(network, _batches.BatchSize);
        _seed = options.ShuffleSeed;
        _accumulator = options.AccumulationSteps > 1 ? new GradientAccumulator(network.Layout, options.AccumulationSteps) : null;
    }

    /// <summary>
    /// Prepares a run that also keeps a running average of the weights and/or lets a plateau scheduler set the rate.
    /// </summary>
    /// <param name="network">The network to train.</param>
    /// <param name="optimizer">An optimizer built over <see cref="DenseNetwork.Layout"/>.</param>
    /// <param name="data">The training set.</param>
    /// <param name="options">The loop's settings.</param>
    /// <param name="average">Updated with the parameters after every applied optimizer step, or null.</param>
    /// <param name="plateau">
    /// Fed every epoch's cost (the cost is then evaluated every epoch); the optimizer's rate is set to its
    /// <see cref="ReduceLearningRateOnPlateau.LearningRate"/> before the first epoch and after every epoch. Null for none.
    /// Not together with <see cref="TrainingOptions.Schedule"/> or the optimizer's own schedule.
    /// </param>
    /// <param name="lookahead">
    /// A Lookahead around <paramref name="optimizer"/> (built over the network's parameters as they start), synchronised
    /// after every optimizer step the trainer takes (see <see cref="Lookahead.Synchronize"/>), or null.
    /// </param>
    public Trainer(DenseNetwork network, Optimizer optimizer, Dataset data, TrainingOptions options, WeightAverage? average, ReduceLearningRateOnPlateau? plateau, Lookahead? lookahead = null)
        : this(network, optimizer, data, options)
    {
        if (lookahead is not null && !ReferenceEquals(lookahead.Inner, optimizer))
        {
            throw new ArgumentException("The Lookahead wraps another optimizer than the trainer's.", nameof(lookahead));
        }

        if (average is not null && !average.Average.Layout.Equals(network.Layout))
        {
            throw new ArgumentException($"The average's layout ({average.Average.Layout}) is not the network's ({network.Layout}).", nameof(average));
        }

        if (plateau is not null && (options.Schedule is not null || optimizer.Schedule is not null))
        {
            throw new ArgumentException("A plateau scheduler sets the learning rate itself; do not also give a learning-rate schedule.", nameof(plateau));
        }

        _average = average;
        _plateau = plateau;
        _lookahead = lookahead;
    }

    /// <summary>The network this trainer trains.</summary>
    public DenseNetwork Network => _network;

    /// <summary>The optimizer this trainer steps.</summary>
    public Optimizer Optimizer => _optimizer;

    /// <summary>The running average of the weights this trainer updates, or null.</summary>
    public WeightAverage? Average => _average;

    /// <summary>The plateau scheduler this trainer feeds, or null.</summary>
    public ReduceLearningRateOnPlateau? Plateau => _plateau;

    /// <summary>The Lookahead this trainer synchronises, or null.</summary>
    public Lookahead? Lookahead => _lookahead;

    /// <summary>The number of epochs trained so far.</summary>
    public int EpochsCompleted { get; private set; }

    /// <summary>The number of optimizer steps taken so far (one per <see cref="TrainingOptions.AccumulationSteps"/> mini-batches).</summary>
    public long Steps { get; private set; }

    /// <summary>The number of optimizer steps (mini-batches) per epoch.</summary>
    public int StepsPerEpoch => _batches.Count;

    /// <summary>
    /// Continues a run from a saved point: the network and optimizer must already hold the state they had after
    /// <paramref name="epochsCompleted"/> epochs (a checkpoint); this sets <see cref="EpochsCompleted"/>,
    /// <see cref="Steps"/> and the shuffle seed to where they were then, so the rest of the run gives the same bits
    /// as an uninterrupted one.
    /// </summary>
    /// <param name="epochsCompleted">The epochs the saved run had completed.</param>
    /// <exception cref="ArgumentException">With gradient accumulation, the saved point is inside a window (its partial sum is not saved).</exception>
    public void ResumeAt(int epochsCompleted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochsCompleted);
        var microBatches = (long)epochsCompleted * _batches.Count;
        var k = _options.AccumulationSteps;
        if (microBatches % k != 0)
        {
            throw new ArgumentException($"After {epochsCompleted} epochs of {_batches.Count} mini-batches, a window of {k} accumulated mini-batches is still open; a run with accumulation resumes only where a window ends.", nameof(epochsCompleted));
        }

        EpochsCompleted = epochsCompleted;
        Steps = microBatches / k;
        _seed = unchecked(_options.ShuffleSeed + (uint)epochsCompleted);
    }

    /// <summary>Trains one epoch.</summary>
    /// <returns>The epoch's average cost.</returns>
    public double TrainEpoch() => TrainEpoch(measureCost: true);

    /// <summary>Trains one epoch, evaluating the cost only when asked (it costs about as much as the forward pass).</summary>
    /// <param name="measureCost">Whether to sum the mini-batch costs.</param>
    /// <returns>The epoch's average cost, or NaN when <paramref name="measureCost"/> is false.</returns>
    public double TrainEpoch(bool measureCost)
    {
        measureCost |= _plateau is not null;
        if (_plateau is not null && EpochsCompleted == 0)
        {
            _optimizer.LearningRate = _plateau.LearningRate;
        }

        _seed++;
        _batches.Shuffle(_seed);
        var total = 0.0;
        for (var b = 0; b < _batches.Count; b++)
        {
            var m = _batches.Gather(b, out var inputs, out var labels);
            _propagation.Forward(inputs, m);
            if (measureCost)
            {
                total += _propagation.CostSum(labels);
            }

            _propagation.Backward(inputs, labels);
            if (_accumulator is not null)
            {
                _accumulator.Add(_network.Gradients.Span);
                if (!_accumulator.IsReady)
                {
                    continue;
                }
            }

            if (_options.Schedule is { } schedule)
            {
                _optimizer.LearningRate = schedule.At(ScheduleCount());
            }

            var outcome = _accumulator is null
                ? _optimizer.Step(_network.Parameters, _network.Gradients)
                : _accumulator.Step(_optimizer, _network.Parameters);
            _lookahead?.Synchronize(_network.Parameters, outcome);
            if (outcome == StepOutcome.Applied)
            {
                _average?.Update(_network.Parameters);
            }

            Steps++;
        }

        EpochsCompleted++;
        var cost = measureCost ? total / _data.Count : double.NaN;
        if (_plateau is not null)
        {
            _plateau.Observe(cost);
            _optimizer.LearningRate = _plateau.LearningRate;
        }

        return cost;
    }

    /// <summary>The counter the schedule is evaluated at for the next step (see <see cref="ScheduleCounter"/>).</summary>
    private long ScheduleCount() => _options.ScheduleCounter switch
    {
        ScheduleCounter.Step => Steps,
        ScheduleCounter.EpochEnd => Math.Max(EpochsCompleted - 1, 0),
        _ => EpochsCompleted,
    };

    /// <summary>
    /// Trains from <see cref="EpochsCompleted"/> up to <see cref="TrainingOptions.Epochs"/>, recording the cost as the
    /// course does: the cost of epoch i (0-based) is evaluated and recorded when i is a multiple of
    /// <see cref="TrainingOptions.CostInterval"/> and for the last epoch, and not evaluated otherwise.
    /// </summary>
    /// <param name="callbacks">Optional progress and save callbacks.</param>
    /// <returns>The costs recorded and the timing of this call.</returns>
    public TrainingResult Train(TrainingCallbacks? callbacks = null)
    {
        var epochs = _options.Epochs;
        var first = EpochsCompleted;
        var costs = new List<CostPoint>(((epochs - first) / _options.CostInterval) + 2);
        var cost = double.NaN;
        CostPoint? lastCost = null;
        var stepsBefore = Steps;
        var progress = callbacks?.Progress;
        var save = callbacks?.Save;
        var saveInterval = callbacks?.SaveInterval ?? 0;
        var progressTicks = (long)((callbacks?.ProgressInterval ?? TimeSpan.Zero).TotalSeconds * Stopwatch.Frequency);
        var start = Stopwatch.GetTimestamp();
        var nextProgress = start + progressTicks;
        var firstEpochSteps = 0L;
        var firstEpochElapsed = TimeSpan.Zero;
        for (var i = first; i < epochs; i++)
        {
            var record = i % _options.CostInterval == 0 || i == epochs - 1;
            cost = TrainEpoch(record);
            if (i == first)
            {
                firstEpochSteps = Steps - stepsBefore;
                firstEpochElapsed = Stopwatch.GetElapsedTime(start);
            }

            if (record)
            {
                lastCost = new CostPoint(i, cost);
                costs.Add(lastCost.Value);
            }

            if (save is not null && ((saveInterval > 0 && (i + 1) % saveInterval == 0) || i == epochs - 1))
            {
                save(i + 1);
            }

            if (progress is not null && (i == epochs - 1 || Stopwatch.GetTimestamp() >= nextProgress))
            {
                progress(new TrainingProgress(i + 1, lastCost));
                nextProgress = Stopwatch.GetTimestamp() + progressTicks;
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        return new TrainingResult(epochs - first, Steps - stepsBefore, cost, costs, elapsed, firstEpochSteps, firstEpochElapsed);
    }
}
