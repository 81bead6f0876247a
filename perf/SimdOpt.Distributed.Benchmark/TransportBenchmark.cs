using System.Diagnostics;
using SimdOpt.Distributed.Mpi;
using SimdOpt.Distributed.Sharding;

namespace SimdOpt.Distributed.Benchmark;

/// <summary>
/// The step's two collectives through MPICH's own calls on pinned spans (what <see cref="ShardedOptimizer"/> uses)
/// against MPI.NET's generic array collectives for the same data: time per call and bytes allocated per call.
/// MPI.NET's ReduceScatter sums in MPICH's order, not necessarily rank order.
/// </summary>
internal static class TransportBenchmark
{
    public static void PrintHeader() => Report.Header(
        "parameters", "ranks", "rank", "ordered reduce, native ms", "ReduceScatter, MPI.NET ms", "MPI.NET reduce B/call", "all-gather, native ms", "AllgatherFlattened, MPI.NET ms", "MPI.NET gather B/call");

    public static void Run(int millions, int calls)
    {
        var world = MPI.Communicator.world;
        var total = (millions << 20) + 1000;
        var plan = new ShardPlan(total, world.Size);
        var starts = plan.Starts.ToArray();
        var lengths = plan.Lengths.ToArray();
        var share = plan.Length(world.Rank);
        var gradients = GC.AllocateUninitializedArray<float>(total, pinned: true);
        var sum = GC.AllocateUninitializedArray<float>(share, pinned: true);
        var incoming = GC.AllocateUninitializedArray<float>(share, pinned: true);
        gradients.AsSpan().Fill(0.5f);
        using var channel = new MpiChannel(TimeSpan.FromMinutes(2));

        var nativeReduce = Time(calls, () => channel.ReduceInRankOrder(gradients, starts, lengths, sum, incoming), out _);
        var mpiNetReduce = Time(calls, () => world.ReduceScatter(gradients, MPI.Operation<float>.Add, lengths, ref sum), out var reduceBytes);
        var nativeGather = Time(calls, () => channel.AllGatherShares(gradients, starts, lengths), out _);
        var shareCopy = gradients.AsSpan(plan.Start(world.Rank), share).ToArray();
        var whole = new float[total];
        var mpiNetGather = Time(calls, () => world.AllgatherFlattened(shareCopy, lengths, ref whole), out var gatherBytes);
        Report.Rows($"{millions}M", [nativeReduce, mpiNetReduce, reduceBytes, nativeGather, mpiNetGather, gatherBytes], "F1", "F1", "F0", "F1", "F1", "F0");
    }

    /// <summary>Milliseconds per call after one warm-up call, with the bytes each call allocated on this thread.</summary>
    private static double Time(int calls, Action call, out double bytesPerCall)
    {
        call();
        MPI.Communicator.world.Barrier();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            call();
        }

        watch.Stop();
        bytesPerCall = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
        return watch.Elapsed.TotalMilliseconds / calls;
    }
}
