using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using SimdOpt.Parameters;

namespace SimdOpt.Benchmarks;

/// <summary>
/// The limit a rule can reach: a read-modify-write stream over the same traffic as the rule, with trivial
/// arithmetic, written directly with <see cref="Vector512{T}"/> (two vectors per iteration) over 64-byte
/// aligned buffers. <see cref="BytesPerElement"/> picks the shape: 12 = read p, g, write p (SGD);
/// 20 = plus one state (momentum, AdaGrad, RMSProp); 28 = two states (Adam); 36 = three (AMSGrad).
/// Each state does <c>s = s + g</c>, the parameter <c>p = p + g</c>.
/// </summary>
[MemoryDiagnoser]
public class BandwidthCeilingBenchmarks
{
    private ParameterBuffer _parameters = null!;
    private ParameterBuffer _gradients = null!;
    private ParameterBuffer[] _states = [];

    [ParamsSource(nameof(SizeValues))]
    public int Size { get; set; }

    [Params(12, 20, 28, 36)]
    public int BytesPerElement { get; set; }

    public static IEnumerable<int> SizeValues => Sizes.FromEnvironment(Sizes.L1, Sizes.L2, Sizes.L3, Sizes.Odd, Sizes.Dram);

    [GlobalSetup]
    public void Setup()
    {
        (var layout, _parameters, _gradients) = Fill.Buffers(Size, 1e-6f);
        _states = [.. Enumerable.Range(0, (BytesPerElement - 12) / 8).Select(_ => _parameters.CreateSibling())];
    }

    [Benchmark]
    public void ReadModifyWrite()
    {
        var p = _parameters.Span;
        var g = _gradients.Span;
        switch (_states.Length)
        {
            case 0:
                Stream<None>(p, g, [], [], []);
                break;
            case 1:
                Stream<One>(p, g, _states[0].Span, [], []);
                break;
            case 2:
                Stream<Two>(p, g, _states[0].Span, _states[1].Span, []);
                break;
            default:
                Stream<Three>(p, g, _states[0].Span, _states[1].Span, _states[2].Span);
                break;
        }
    }

    private static void Stream<TCount>(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state0, Span<float> state1, Span<float> state2)
        where TCount : struct, IStateCount
    {
        var length = (nuint)parameters.Length;
        ref var p = ref MemoryMarshal.GetReference(parameters);
        ref var g = ref MemoryMarshal.GetReference(gradients);
        ref var a = ref MemoryMarshal.GetReference(state0);
        ref var b = ref MemoryMarshal.GetReference(state1);
        ref var c = ref MemoryMarshal.GetReference(state2);
        var width = (nuint)Vector512<float>.Count;
        nuint i = 0;
        for (; length - i >= 2 * width; i += 2 * width)
        {
            Block<TCount>(ref p, ref g, ref a, ref b, ref c, i);
            Block<TCount>(ref p, ref g, ref a, ref b, ref c, i + width);
        }

        for (; i < length; i++)
        {
            var gi = Unsafe.Add(ref g, i);
            Unsafe.Add(ref p, i) += gi;
            if (TCount.Value > 0)
            {
                Unsafe.Add(ref a, i) += gi;
            }

            if (TCount.Value > 1)
            {
                Unsafe.Add(ref b, i) += gi;
            }

            if (TCount.Value > 2)
            {
                Unsafe.Add(ref c, i) += gi;
            }
        }
    }

    /// <summary>
    /// One vector of every stream: all loads first, then all stores, in the kernels' order. (Storing p before
    /// loading the states would make each state load wait on a store 4 KB-aliased with it, since the buffers
    /// are equally sized siblings, and understate the limit.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block<TCount>(ref float p, ref float g, ref float a, ref float b, ref float c, nuint i)
        where TCount : struct, IStateCount
    {
        var gv = Vector512.LoadUnsafe(ref g, i);
        var pv = Vector512.LoadUnsafe(ref p, i);
        var av = TCount.Value > 0 ? Vector512.LoadUnsafe(ref a, i) : default;
        var bv = TCount.Value > 1 ? Vector512.LoadUnsafe(ref b, i) : default;
        var cv = TCount.Value > 2 ? Vector512.LoadUnsafe(ref c, i) : default;
        (pv + gv).StoreUnsafe(ref p, i);
        if (TCount.Value > 0)
        {
            (av + gv).StoreUnsafe(ref a, i);
        }

        if (TCount.Value > 1)
        {
            (bv + gv).StoreUnsafe(ref b, i);
        }

        if (TCount.Value > 2)
        {
            (cv + gv).StoreUnsafe(ref c, i);
        }
    }

    private interface IStateCount
    {
        static abstract int Value { get; }
    }

    private readonly struct None : IStateCount
    {
        public static int Value => 0;
    }

    private readonly struct One : IStateCount
    {
        public static int Value => 1;
    }

    private readonly struct Two : IStateCount
    {
        public static int Value => 2;
    }

    private readonly struct Three : IStateCount
    {
        public static int Value => 3;
    }
}
