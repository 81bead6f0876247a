using BenchmarkDotNet.Attributes;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Precision;

namespace SimdOpt.Benchmarks;

/// <summary>
/// How much does reduced-precision state save? One Adam step with float32 state (the baseline, 28 bytes per element:
/// read p, g, m, v; write p, m, v), bfloat16 state rounded to nearest even and stochastically (20 bytes per element)
/// and 8-bit block-wise state (about 14 bytes per element), over the same parameters and gradients, side by side in one run.
/// </summary>
[MemoryDiagnoser]
public class StatePrecisionBenchmarks
{
    private ParameterBuffer _parameters = null!;
    private ParameterBuffer _gradients = null!;
    private Adam _float32 = null!;
    private Adam _bfloat16 = null!;
    private Adam _stochastic = null!;
    private Adam _eightBit = null!;

    [ParamsSource(nameof(SizeValues))]
    public int Size { get; set; }

    public static IEnumerable<int> SizeValues => Sizes.FromEnvironment(Sizes.L1, Sizes.L2, Sizes.Dram);

    [GlobalSetup]
    public void Setup()
    {
        (var layout, _parameters, _gradients) = Fill.Buffers(Size, 1e-3f);
        _float32 = new Adam(layout, 1e-3);
        _bfloat16 = new Adam(layout, 1e-3, new AdamOptions { StatePrecision = StatePrecision.BFloat16 });
        _stochastic = new Adam(layout, 1e-3, new AdamOptions { StatePrecision = StatePrecision.BFloat16, StochasticRoundingSeed = 1 });
        _eightBit = new Adam(layout, 1e-3, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit });
    }

    [Benchmark(Baseline = true, Description = "Adam, float32 state")]
    public StepOutcome Float32() => _float32.Step(_parameters, _gradients);

    [Benchmark(Description = "Adam, bfloat16 state")]
    public StepOutcome BFloat16() => _bfloat16.Step(_parameters, _gradients);

    [Benchmark(Description = "Adam, bfloat16 state, stochastic rounding")]
    public StepOutcome BFloat16Stochastic() => _stochastic.Step(_parameters, _gradients);

    [Benchmark(Description = "Adam, 8-bit block-wise state")]
    public StepOutcome Blockwise8Bit() => _eightBit.Step(_parameters, _gradients);
}
