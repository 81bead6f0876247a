using BenchmarkDotNet.Attributes;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Precision;
using SimdOpt.Threading;

namespace SimdOpt.Benchmarks;

/// <summary>
/// How much does reduced-precision state save, and how close is each precision to the limit over its own bytes? One Adam
/// step with float32 state (the baseline: read p, g, m, v; write p, m, v, 28 bytes per element), bfloat16 state (20 bytes
/// per element; rounded to nearest even, and once stochastically) and 8-bit block-wise state (16 bytes of codes plus
/// 1/16 byte of block scales per element), on one and two threads, each followed by the read-modify-write stream over
/// the same number of bytes per element (<see cref="ReadModifyWriteStream"/> for float32, <see cref="NarrowStateStream{T}"/>
/// for the narrow states) on as many threads, so every ratio is measured side by side in one run.
/// </summary>
[MemoryDiagnoser]
public class StatePrecisionBenchmarks
{
    private ParameterBuffer _parameters = null!;
    private ParameterBuffer _gradients = null!;
    private ParameterBuffer[] _floatStates = [];
    private ushort[] _halfFirst = [];
    private ushort[] _halfSecond = [];
    private byte[] _byteFirst = [];
    private byte[] _byteSecond = [];
    private Adam _float32 = null!;
    private Adam _bfloat16 = null!;
    private Adam _stochastic = null!;
    private Adam _eightBit = null!;
    private StepWorkers _workers = null!;
    private SpinningPartnerThread? _partner;
    private int _half;
    private int _partnerWork; // which stream the partner runs: 0 float32, 1 bfloat16, 2 8-bit

    [ParamsSource(nameof(SizeValues))]
    public int Size { get; set; }

    public static IEnumerable<int> SizeValues => Sizes.FromEnvironment(Sizes.L1, Sizes.Dram);

    [GlobalSetup]
    public void Setup()
    {
        (var layout, _parameters, _gradients) = Fill.Buffers(Size, 1e-3f);
        _float32 = new Adam(layout, 1e-3);
        _bfloat16 = new Adam(layout, 1e-3, new AdamOptions { StatePrecision = StatePrecision.BFloat16 });
        _stochastic = new Adam(layout, 1e-3, new AdamOptions { StatePrecision = StatePrecision.BFloat16, StochasticRoundingSeed = 1 });
        _eightBit = new Adam(layout, 1e-3, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit });
        _floatStates = [_parameters.CreateSibling(), _parameters.CreateSibling()];
        _halfFirst = GC.AllocateArray<ushort>(Size, pinned: true);
        _halfSecond = GC.AllocateArray<ushort>(Size, pinned: true);
        _byteFirst = GC.AllocateArray<byte>(Size, pinned: true);
        _byteSecond = GC.AllocateArray<byte>(Size, pinned: true);
        _workers = new StepWorkers(threadCount: 2);

        // One step of each first, so the state holds values of the usual spread rather than zeros.
        foreach (var adam in new[] { _float32, _bfloat16, _stochastic, _eightBit })
        {
            adam.Step(_parameters, _gradients);
        }
    }

    /// <summary>The usual setup, then two-thread steps until the JIT has settled (see <see cref="JitSettling"/>).</summary>
    [GlobalSetup(Targets = [nameof(Float32TwoThreads), nameof(BFloat16TwoThreads), nameof(Blockwise8BitTwoThreads)])]
    public void SetupTwoThreadStep()
    {
        Setup();
        JitSettling.Run(() =>
        {
            _float32.Step(_parameters, _gradients, _workers);
            _bfloat16.Step(_parameters, _gradients, _workers);
            _eightBit.Step(_parameters, _gradients, _workers);
        });
    }

    /// <summary>The usual setup plus the partner thread that streams the second half (it spins, so only these cases get it).</summary>
    [GlobalSetup(Targets = [nameof(Float32CeilingTwoThreads), nameof(BFloat16CeilingTwoThreads), nameof(Blockwise8BitCeilingTwoThreads)])]
    public void SetupTwoThreadCeiling()
    {
        Setup();
        _half = Size / 2 / 64 * 64; // a multiple of 64 elements, so both halves start 64-byte aligned in every stream
        _partner = new SpinningPartnerThread(() =>
        {
            if (_partnerWork == 0)
            {
                ReadModifyWriteStream.Run(_parameters, _gradients, _floatStates, _half, Size - _half);
            }
            else if (_partnerWork == 1)
            {
                NarrowStateStream<ushort>.Run(_parameters.Span, _gradients.Span, _halfFirst, _halfSecond, _half, Size - _half);
            }
            else
            {
                NarrowStateStream<byte>.Run(_parameters.Span, _gradients.Span, _byteFirst, _byteSecond, _half, Size - _half);
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _partner?.Dispose();
        _workers.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Adam float32 state, 1 thread")]
    public StepOutcome Float32() => _float32.Step(_parameters, _gradients);

    [Benchmark(Description = "ceiling 28 B/element, 1 thread")]
    public void Float32Ceiling() => ReadModifyWriteStream.Run(_parameters, _gradients, _floatStates, 0, Size);

    [Benchmark(Description = "Adam bfloat16 state, 1 thread")]
    public StepOutcome BFloat16() => _bfloat16.Step(_parameters, _gradients);

    [Benchmark(Description = "Adam bfloat16 state stochastic, 1 thread")]
    public StepOutcome BFloat16Stochastic() => _stochastic.Step(_parameters, _gradients);

    [Benchmark(Description = "ceiling 20 B/element, 1 thread")]
    public void BFloat16Ceiling() => NarrowStateStream<ushort>.Run(_parameters.Span, _gradients.Span, _halfFirst, _halfSecond, 0, Size);

    [Benchmark(Description = "Adam 8-bit state, 1 thread")]
    public StepOutcome Blockwise8Bit() => _eightBit.Step(_parameters, _gradients);

    [Benchmark(Description = "ceiling 16 B/element, 1 thread")]
    public void Blockwise8BitCeiling() => NarrowStateStream<byte>.Run(_parameters.Span, _gradients.Span, _byteFirst, _byteSecond, 0, Size);

    [Benchmark(Description = "Adam float32 state, 2 threads")]
    public StepOutcome Float32TwoThreads() => _float32.Step(_parameters, _gradients, _workers);

    [Benchmark(Description = "ceiling 28 B/element, 2 threads")]
    public void Float32CeilingTwoThreads()
    {
        _partnerWork = 0;
        _partner!.Start();
        ReadModifyWriteStream.Run(_parameters, _gradients, _floatStates, 0, _half);
        _partner.Wait();
    }

    [Benchmark(Description = "Adam bfloat16 state, 2 threads")]
    public StepOutcome BFloat16TwoThreads() => _bfloat16.Step(_parameters, _gradients, _workers);

    [Benchmark(Description = "ceiling 20 B/element, 2 threads")]
    public void BFloat16CeilingTwoThreads()
    {
        _partnerWork = 1;
        _partner!.Start();
        NarrowStateStream<ushort>.Run(_parameters.Span, _gradients.Span, _halfFirst, _halfSecond, 0, _half);
        _partner.Wait();
    }

    [Benchmark(Description = "Adam 8-bit state, 2 threads")]
    public StepOutcome Blockwise8BitTwoThreads() => _eightBit.Step(_parameters, _gradients, _workers);

    [Benchmark(Description = "ceiling 16 B/element, 2 threads")]
    public void Blockwise8BitCeilingTwoThreads()
    {
        _partnerWork = 2;
        _partner!.Start();
        NarrowStateStream<byte>.Run(_parameters.Span, _gradients.Span, _byteFirst, _byteSecond, 0, _half);
        _partner.Wait();
    }
}
