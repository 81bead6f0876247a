using BenchmarkDotNet.Attributes;
using SimdOpt.Averaging;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Benchmarks;

/// <summary>
/// What does an EMA of the weights cost per Adam step, updated in the step's own pass (<see cref="Optimizer.Average"/>:
/// 28 + 8 = 36 bytes per element) against the step followed by a separate <see cref="WeightAverage.Update(ParameterBuffer)"/>
/// pass (28 + 12 = 40 bytes per element, and a second trip through the buffer)? The baseline is the step alone; all
/// three run side by side in one run, at 65,536 elements (in cache) and at 16M elements (DRAM).
/// Run: <c>dotnet run -c Release --project perf/SimdOpt.Benchmarks -- --filter '*FusedAverageBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class FusedAverageBenchmarks
{
    private ParameterBuffer _parameters = null!;
    private ParameterBuffer _gradients = null!;
    private Adam _alone = null!;
    private Adam _separate = null!;
    private Adam _fused = null!;
    private WeightAverage _average = null!;

    [ParamsSource(nameof(SizeValues))]
    public int Size { get; set; }

    public static IEnumerable<int> SizeValues => Sizes.FromEnvironment(Sizes.L2, Sizes.Dram);

    [GlobalSetup]
    public void Setup()
    {
        (var layout, _parameters, _gradients) = Fill.Buffers(Size, 1e-3f);
        _alone = new Adam(layout, 1e-3);
        _separate = new Adam(layout, 1e-3);
        _fused = new Adam(layout, 1e-3) { Average = WeightAverage.Exponential(layout, 0.999) };
        _average = WeightAverage.Exponential(layout, 0.999);

        // Past each average's first update (a copy with warm-up), so every measured update is the exponential one.
        _separate.Step(_parameters, _gradients);
        _average.Update(_parameters);
        _fused.Step(_parameters, _gradients);

        // Then every case until the JIT has settled, so no case's pilot times code the tiered JIT has not optimized yet.
        JitSettling.Run(() =>
        {
            StepAlone();
            StepThenAverage();
            FusedStep();
        });
    }

    [Benchmark(Baseline = true, Description = "Adam step alone")]
    public StepOutcome StepAlone() => _alone.Step(_parameters, _gradients);

    [Benchmark(Description = "Adam step, then WeightAverage.Update")]
    public StepOutcome StepThenAverage()
    {
        var outcome = _separate.Step(_parameters, _gradients);
        _average.Update(_parameters);
        return outcome;
    }

    [Benchmark(Description = "Adam step with the average fused")]
    public StepOutcome FusedStep() => _fused.Step(_parameters, _gradients);
}
