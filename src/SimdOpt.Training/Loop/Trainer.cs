using System.Diagnostics;
using SimdOpt.Optimizers;
using SimdOpt.Training.Data;
using SimdOpt.Training.Network;

namespace SimdOpt.Training.Loop;

/// <summary>
/// The course's training loop: per epoch a fresh shuffle, then for every mini-batch forward, cost, backward
/// and one optimizer step; the epoch's cost is the sum of the mini-batch costs divided by the number of
/// examples. A <see cref="TrainingOptions.Schedule"/> sets the learning rate before every step, by epoch or by
/// step. After construction <see cref="TrainEpoch"/> allocates nothing.
/// </summary>
public sealed class Trainer
{
    private readonly DenseNetwork _network;
    private readonly Optimizer _optimizer;
    private readonly Dataset _data;
    private readonly TrainingOptions _options;
    private readonly MiniBatches _batches;
    private readonly Propagation _propagation;
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
    }

    /// <summary>The number of epochs trained so far.</summary>
    public int EpochsCompleted { get; private set; }

    /// <summary>The number of optimizer steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Trains one epoch.</summary>
    /// <returns>The epoch's average cost.</returns>
    public double TrainEpoch()
    {
        _seed++;
        _batches.Shuffle(_seed);
        var total = 0.0;
        for (var b = 0; b < _batches.Count; b++)
        {
            var m = _batches.Gather(b, out var inputs, out var labels);
            _propagation.Forward(inputs, m);
            total += _propagation.CostSum(labels);
            _propagation.Backward(inputs, labels);
            if (_options.Schedule is { } schedule)
            {
                _optimizer.LearningRate = schedule.At(_options.ScheduleCounter == ScheduleCounter.Step ? Steps : EpochsCompleted);
            }

            _optimizer.Step(_network.Parameters, _network.Gradients);
            Steps++;
        }

        EpochsCompleted++;
        return total / _data.Count;
    }

    /// <summary>Trains <see cref="TrainingOptions.Epochs"/> epochs, recording the cost as the course does.</summary>
    /// <param name="epochDone">Optional; called after every epoch with the number of epochs completed and the epoch's cost.</param>
    /// <returns>The costs and timing of the run.</returns>
    public TrainingResult Train(Action<int, double>? epochDone = null)
    {
        var epochs = _options.Epochs;
        var costs = new List<CostPoint>((epochs / _options.CostInterval) + 2);
        var cost = double.NaN;
        var stepsBefore = Steps;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < epochs; i++)
        {
            cost = TrainEpoch();
            if (i % _options.CostInterval == 0 || i == epochs - 1)
            {
                costs.Add(new CostPoint(i, cost));
            }

            epochDone?.Invoke(i + 1, cost);
        }

        stopwatch.Stop();
        return new TrainingResult(epochs, Steps - stepsBefore, cost, costs, stopwatch.Elapsed);
    }
}
