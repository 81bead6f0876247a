using BenchmarkDotNet.Attributes;
using SimdOpt.Benchmarks.Columns;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Reference;

namespace SimdOpt.Benchmarks;

/// <summary>How large a gradient is, for <see cref="AdamSubnormalBenchmarks"/>.</summary>
public enum GradientMagnitude
{
    /// <summary>|g| up to 1e-3: every moment is a normal float.</summary>
    Normal,

    /// <summary>|g| up to 1e-20: <c>g * g</c> (up to 1e-40) is subnormal, so v and its products stay subnormal.</summary>
    Tiny,
}

/// <summary>
/// Does Adam slow down when its second moment lives in the subnormal range? Tiny gradients make
/// <c>g * g</c> and <c>v</c> subnormal (below 1.18e-38); the setup runs a long warm-up so v has settled there.
/// Compare each method's Tiny row with its Normal row, without and with <see cref="OptimizerOptions.FlushSubnormals"/>
/// (the reference follows the same option).
/// </summary>
[MemoryDiagnoser]
[BytesPerElement(28)]
public class AdamSubnormalBenchmarks
{
    private const double LearningRate = 1e-3;

    private ParameterBuffer _parameters = null!;
    private ParameterBuffer _gradients = null!;
    private ParameterBuffer _first = null!;
    private ParameterBuffer _second = null!;
    private Adam _optimizer = null!;
    private AdamOptions _options = null!;

    [ParamsSource(nameof(SizeValues))]
    public int Size { get; set; }

    [Params(GradientMagnitude.Normal, GradientMagnitude.Tiny)]
    public GradientMagnitude Gradients { get; set; }

    [Params(false, true)]
    public bool Flush { get; set; }

    public static IEnumerable<int> SizeValues => [Sizes.L1, Sizes.L2, Sizes.L3];

    [GlobalSetup]
    public void Setup()
    {
        (var layout, _parameters, _gradients) = Fill.Buffers(Size, Gradients == GradientMagnitude.Tiny ? 1e-20f : 1e-3f);
        _options = new AdamOptions { FlushSubnormals = Flush };
        _optimizer = new Adam(layout, LearningRate, _options);
        _first = _optimizer.State("exp_avg");
        _second = _optimizer.State("exp_avg_sq");

        // A long run: v = (1 - 0.999^t) g^2 approaches g^2; after 3,000 steps it is within 5% of it.
        for (var step = 0; step < 3_000; step++)
        {
            _optimizer.Step(_parameters, _gradients);
        }

        var subnormal = 0;
        foreach (var x in _second.Span)
        {
            subnormal += float.IsSubnormal(x) ? 1 : 0;
        }

        Console.WriteLine($"// {Gradients} gradients, flush {Flush}: {subnormal} of {Size} second moments are subnormal");
    }

    [Benchmark(Baseline = true)]
    public void Reference() => ReferenceAdam.Step(_parameters.Span, _gradients.Span, _first.Span, _second.Span, [], _options, LearningRate, 3_001);

    [Benchmark]
    public StepOutcome SimdOpt1Thread() => _optimizer.Step(_parameters, _gradients);
}
