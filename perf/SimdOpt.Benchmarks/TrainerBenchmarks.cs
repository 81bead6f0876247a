using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using SimdOpt.Optimizers;
using SimdOpt.Training.Data;
using SimdOpt.Training.Loop;
using SimdOpt.Training.Network;

namespace SimdOpt.Benchmarks;

/// <summary>
/// How long does the main job take per optimizer step? The course network (2-5-2-1, ReLU, ReLU, sigmoid) on the
/// course's 300 two-moons examples in mini-batches of 64 (5 steps per epoch), with the course's three optimizers.
/// <c>Epoch</c> is one <see cref="Trainer"/> epoch as <c>simdopt</c> runs most of them (shuffle, gather, forward,
/// backward, step; no cost), <c>EpochWithCost</c> one that also evaluates the cost (every 100th epoch), and the
/// <c>Step</c> cases one mini-batch of 64 taken apart: forward, forward + backward, and the whole step with the
/// optimizer. Divide an epoch by 5 for its time per step.
/// <para>
/// The epochs run the course's run of 10,000 epochs over and over: after its last epoch the weights, the optimizer
/// and the epoch counter are put back to the start (in place, nothing allocated). Left to run on for the millions of
/// epochs a benchmark takes, training drives a few moments of unused weights towards zero until they become subnormal
/// floats (seen after about 150,000 epochs), and every later step pays the CPU's subnormal penalty: a cost the
/// course's run never meets (<c>OptimizerOptions.FlushSubnormals</c> is the remedy for runs that long). The
/// <c>Step</c> cases repeat one mini-batch, so they measure an optimizer step on whatever state that leaves.
/// </para>
/// <para>
/// Two jobs: the runtime's defaults (tiered compilation, as a library user gets), and tiered compilation off, as the
/// <c>simdopt</c> CLI runs (its project sets <c>TieredCompilation</c> to false).
/// </para>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CliAndLibraryJobs))]
public class TrainerBenchmarks
{
    private const int BatchSize = 64;
    private const int CourseEpochs = 10_000;

    private Trainer _trainer = null!;
    private DenseNetwork _network = null!;
    private Optimizer _optimizer = null!;
    private Propagation _propagation = null!;
    private float[] _inputs = [];
    private float[] _labels = [];
    private float[] _initialWeights = [];

    [Params("gd", "momentum", "adam")]
    public string Optimizer { get; set; } = "gd";

    [GlobalSetup]
    public void Setup()
    {
        var data = CourseData.Load();
        _network = new DenseNetwork(CourseSettings.LayerSizes);
        _network.InitializeHe(CourseSettings.InitializationSeed);
        _initialWeights = _network.Parameters.Span.ToArray();
        _optimizer = Optimizer switch
        {
            "gd" => new Sgd(_network.Layout, CourseSettings.LearningRate),
            "momentum" => new MovingAverageMomentum(_network.Layout, CourseSettings.LearningRate, new MovingAverageMomentumOptions { Beta = CourseSettings.Beta }),
            _ => new Adam(_network.Layout, CourseSettings.LearningRate, new AdamOptions { Beta1 = CourseSettings.Beta1, Beta2 = CourseSettings.Beta2, Epsilon = CourseSettings.Epsilon }),
        };
        _trainer = new Trainer(_network, _optimizer, data, new TrainingOptions { Epochs = int.MaxValue });
        _propagation = new Propagation(_network, BatchSize);
        _inputs = new float[2 * BatchSize];
        _labels = data.Labels[..BatchSize].ToArray();
        for (var f = 0; f < 2; f++)
        {
            data.Feature(f)[..BatchSize].CopyTo(_inputs.AsSpan(f * BatchSize));
        }
    }

    [Benchmark]
    public double Epoch()
    {
        RestartAfterTheCourseRun();
        return _trainer.TrainEpoch(measureCost: false);
    }

    [Benchmark]
    public double EpochWithCost()
    {
        RestartAfterTheCourseRun();
        return _trainer.TrainEpoch(measureCost: true);
    }

    [Benchmark]
    public float StepForward() => _propagation.Forward(_inputs, BatchSize)[0];

    [Benchmark]
    public void StepForwardBackward()
    {
        _propagation.Forward(_inputs, BatchSize);
        _propagation.Backward(_inputs, _labels);
    }

    [Benchmark]
    public void Step()
    {
        _propagation.Forward(_inputs, BatchSize);
        _propagation.Backward(_inputs, _labels);
        _optimizer.Step(_network.Parameters, _network.Gradients);
    }

    private void RestartAfterTheCourseRun()
    {
        if (_trainer.EpochsCompleted == CourseEpochs)
        {
            _initialWeights.CopyTo(_network.Parameters.Span);
            _optimizer.Reset();
            _trainer.ResumeAt(0);
        }
    }

    private sealed class CliAndLibraryJobs : ManualConfig
    {
        public CliAndLibraryJobs()
        {
            AddJob(Job.Default.WithId("tiered"));
            AddJob(Job.Default.WithEnvironmentVariable("DOTNET_TieredCompilation", "0").WithId("no-tiering (CLI)"));
        }
    }
}
