using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using SimdOpt.Catalog;
using SimdOpt.NativePeer;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Reference;
using SimdOpt.Threading;

namespace SimdOpt.Benchmarks;

/// <summary>
/// The question every rule class asks: how long does one step of this rule take, from L1 to DRAM, for the
/// naive reference (the baseline), the same math composed from TensorPrimitives calls, SimdOpt and the same rule
/// compiled from C (<c>perf/native</c>: gcc -O3 -march=native -ffp-contract=off, the same order of float operations
/// and the same bits) on one and on two threads, and how close is that to the bandwidth ceiling? All update the same
/// buffers (the parameters, the gradients and the optimizer's own state), so they move the same bytes; only the
/// TensorPrimitives version adds scratch buffers. The ceiling is <see cref="ReadModifyWriteStream"/> over those
/// buffers, on one and on two threads. BenchmarkDotNet's default orderer runs the cases size by size, and within a
/// size in declaration order, so the compiled C and the ceiling run right after the SimdOpt case they are compared
/// with: the ratios are measured side by side. A subclass names its options (<see cref="RuleOptions"/>); the optimizer,
/// the reference step, the title and the bytes per element come from the rule's registration in <see cref="RuleCatalog"/>.
/// </summary>
[MemoryDiagnoser]
public abstract class RuleBenchmarks
{
    /// <summary>The learning rate every implementation uses.</summary>
    protected const double LearningRate = 1e-3;

    /// <summary>The step number the reference and composed versions use (not 1, so momentum takes its usual branch).</summary>
    protected const long StepNumber = 10;

    private ParameterBuffer _parameters = null!;
    private ParameterBuffer _gradients = null!;
    private ParameterBuffer[] _states = [];
    private float[][] _scratch = [];
    private Optimizer _optimizer = null!;
    private ReferenceStates _referenceStates = null!;
    private RuleRegistration? _rule;
    private StepWorkers _workers = null!;
    private SpinningPartnerThread? _partner;
    private int _half;

    /// <summary>The options every implementation runs with; their type names the rule.</summary>
    public abstract OptimizerOptions RuleOptions { get; }

    /// <summary>The rule's registration, found from <see cref="RuleOptions"/>.</summary>
    public RuleRegistration Rule => _rule ??= RuleCatalog.ForOptions(RuleOptions.GetType());

    /// <summary>The title in reports: the title of the preset with these options, or the rule's name.</summary>
    public virtual string Title => Rule.Presets.FirstOrDefault(p => p.Options == RuleOptions)?.Title ?? Rule.Name;

    /// <summary>The bytes a step cannot avoid moving per element (<see cref="RuleRegistration.BytesPerElement"/>).</summary>
    public int BytesPerElement => Rule.BytesPerElement(RuleOptions);

    [ParamsSource(nameof(SizeValues))]
    public int Size { get; set; }

    public virtual IEnumerable<int> SizeValues => Sizes.FromEnvironment(Sizes.L1, Sizes.L2, Sizes.L3, Sizes.Odd, Sizes.Dram);

    /// <summary>Scratch buffers (of <see cref="Size"/> elements) the composed version needs.</summary>
    protected virtual int ScratchCount => 0;

    /// <summary>Magnitude of the random gradients.</summary>
    protected virtual float GradientScale => 1f;

    protected Span<float> Parameters => _parameters.Span;

    protected ReadOnlySpan<float> Gradients => _gradients.Span;

    /// <summary>The optimizer's state buffer in <paramref name="slot"/>, or an empty span when it has fewer.</summary>
    protected Span<float> State(int slot) => slot < _states.Length ? _states[slot].Span : [];

    protected Span<float> Scratch(int index) => _scratch[index];

    /// <summary>
    /// The composed form of the Adam family's moments over states 0 (m) and 1 (v), one library call per operation:
    /// <c>m = b1 m + (1 - b1) g</c>, <c>g g</c> into <paramref name="square"/>, <c>v = b2 v + (1 - b2) g g</c>.
    /// </summary>
    protected void ComposedMoments(double beta1, double beta2, Span<float> square)
    {
        var m = State(0);
        var v = State(1);
        TensorPrimitives.Multiply(m, (float)beta1, m);
        TensorPrimitives.MultiplyAdd(Gradients, (float)(1.0 - beta1), m, m);
        TensorPrimitives.Multiply(Gradients, Gradients, square);
        TensorPrimitives.Multiply(v, (float)beta2, v);
        TensorPrimitives.MultiplyAdd(square, (float)(1.0 - beta2), v, v);
    }

    /// <summary>The buffers, the optimizer (one step taken) and the workers every case shares.</summary>
    public void Setup()
    {
        (var layout, _parameters, _gradients) = Fill.Buffers(Size, GradientScale);
        _optimizer = Rule.Create(layout, LearningRate, RuleOptions);
        _states = [.. _optimizer.StateNames.Select(_optimizer.State)];
        _referenceStates = new ReferenceStates(_optimizer.StateNames, [.. _states.Select(s => s.Memory)]);
        _scratch = [.. Enumerable.Range(0, ScratchCount).Select(_ => GC.AllocateArray<float>(Size, pinned: true))];
        _workers = new StepWorkers(threadCount: 2);

        // One step first, so state is warm and SGD momentum is past its first-step branch.
        _optimizer.Step(_parameters, _gradients);

        // Where each stream starts within a 4 KB page: streams whose offsets differ by less than a few vectors
        // can make a load wait on an earlier store to a different address with the same low 12 bits.
        Console.WriteLine($"// page offsets (bytes mod 4096): p {PageOffset(_parameters.Span)}, g {PageOffset(_gradients.Span)}, state [{string.Join(", ", _states.Select(s => PageOffset(s.Span)))}]");
    }

    private static unsafe long PageOffset(Span<float> span)
    {
        fixed (float* pointer = span)
        {
            return (long)((nuint)pointer % 4096);
        }
    }

    // Every case gets the usual setup, then runs until the JIT has settled (see JitSettling): BenchmarkDotNet's pilot
    // can otherwise time code the tiered JIT has not optimized yet and pick iterations far too short for the code that
    // follows (AdamW at 65,536: a pilot at 768 µs per step, then 7 ms iterations of 26 µs steps).

    /// <summary>The usual setup, then reference steps until the JIT has settled.</summary>
    [GlobalSetup(Target = nameof(Reference))]
    public void SetupReference() => SetupSettled(Reference);

    /// <summary>The usual setup, then composed steps until the JIT has settled.</summary>
    [GlobalSetup(Target = nameof(TensorPrimitivesComposed))]
    public void SetupComposed() => SetupSettled(TensorPrimitivesComposed);

    /// <summary>The usual setup, then one-thread steps until the JIT has settled.</summary>
    [GlobalSetup(Target = nameof(SimdOpt1Thread))]
    public void SetupOneThreadStep() => SetupSettled(() => SimdOpt1Thread());

    /// <summary>The usual setup, then ceiling streams until the JIT has settled.</summary>
    [GlobalSetup(Target = nameof(BandwidthCeiling))]
    public void SetupCeiling() => SetupSettled(BandwidthCeiling);

    /// <summary>The usual setup, then two-thread steps until the JIT has settled.</summary>
    [GlobalSetup(Target = nameof(SimdOpt2Threads))]
    public void SetupTwoThreadStep() => SetupSettled(() => SimdOpt2Threads());

    /// <summary>The usual setup after checking that the compiled-C peer was built (it needs gcc at build time), then C steps until the JIT has settled.</summary>
    [GlobalSetup(Target = nameof(CompiledC))]
    public void SetupCompiledC()
    {
        NativePeer.CompiledC.EnsureAvailable();
        SetupSettled(CompiledC);
    }

    /// <summary>As <see cref="SetupCompiledC"/>, for the two-thread C case.</summary>
    [GlobalSetup(Target = nameof(CompiledC2Threads))]
    public void SetupCompiledC2Threads()
    {
        NativePeer.CompiledC.EnsureAvailable();
        SetupSettled(CompiledC2Threads);
    }

    /// <summary>The usual setup plus the partner thread that streams the second half (it spins, so only this case gets it), then the stream until the JIT has settled.</summary>
    [GlobalSetup(Target = nameof(BandwidthCeiling2Threads))]
    public void SetupTwoThreadCeiling()
    {
        Setup();
        _half = Size / 2 / 16 * 16; // a multiple of 16 elements, so both halves start 64-byte aligned
        _partner = new SpinningPartnerThread(() => ReadModifyWriteStream.Run(_parameters, _gradients, _states, _half, Size - _half));
        JitSettling.Run(BandwidthCeiling2Threads);
    }

    private void SetupSettled(Action benchmark)
    {
        Setup();
        JitSettling.Run(benchmark);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _partner?.Dispose();
        _workers.Dispose();
    }

    /// <summary>One step of the rule's <c>SimdOpt.Reference</c> loop over the shared buffers, at step <see cref="StepNumber"/>.</summary>
    [Benchmark(Baseline = true)]
    public void Reference() => Rule.ReferenceStep(RuleOptions, new ReferenceStepData(Parameters, Gradients, _referenceStates, StepNumber, LearningRate));

    [Benchmark]
    public void TensorPrimitivesComposed() => ComposedStep();

    [Benchmark]
    public StepOutcome SimdOpt1Thread() => _optimizer.Step(_parameters, _gradients);

    /// <summary>The same rule compiled from C, on the calling thread (the step's scalars computed in C#).</summary>
    [Benchmark]
    public void CompiledC() => CompiledCStep(threads: 1);

    /// <summary>The one-thread limit: the read-modify-write stream over this rule's buffers.</summary>
    [Benchmark]
    public void BandwidthCeiling() => ReadModifyWriteStream.Run(_parameters, _gradients, _states, 0, Size);

    [Benchmark]
    public StepOutcome SimdOpt2Threads() => _optimizer.Step(_parameters, _gradients, _workers);

    /// <summary>
    /// The same rule compiled from C, split in two halves by OpenMP from the size where SimdOpt splits too
    /// (<see cref="StepWorkers.DefaultThreshold"/>); below it, on the calling thread, as SimdOpt.
    /// </summary>
    [Benchmark]
    public void CompiledC2Threads() => CompiledCStep(threads: Size >= StepWorkers.DefaultThreshold ? 2 : 1);

    /// <summary>The two-thread limit: the same stream, first half on this thread, second half on the partner thread.</summary>
    [Benchmark]
    public void BandwidthCeiling2Threads()
    {
        _partner!.Start();
        ReadModifyWriteStream.Run(_parameters, _gradients, _states, 0, _half);
        _partner.Wait();
    }

    /// <summary>One step written the way a .NET user would first write it: one TensorPrimitives call per operation.</summary>
    protected abstract void ComposedStep();

    /// <summary>One step of the compiled-C peer (<see cref="CompiledCSteps"/>) on <paramref name="threads"/> threads.</summary>
    protected abstract void CompiledCStep(int threads);
}
