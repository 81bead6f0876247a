using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Distributed.MpiChecks;

/// <summary>A sharded step (reduce, finiteness agreement, update, gather) allocates nothing once the runtime has settled.</summary>
internal static class AllocationCheck
{
    public static int Run()
    {
        var layout = new ParameterLayout.Builder().Add("W", 300, 77).Add("b", 300).Build();
        using var sharded = ShardedOptimizer.Create(layout, l => new Adam(l, 1e-3, nonFiniteGradients: NonFiniteGradientPolicy.Skip));
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        Gradients.Fill(gradients.Span, sharded.Rank, 1);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 300; i++)
            {
                sharded.Step(parameters, gradients);
            }

            Thread.Sleep(150);
            MPI.Communicator.world.Barrier();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            sharded.Step(parameters, gradients);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"rank {sharded.Rank} of {sharded.RankCount}: 200 sharded steps allocated {allocated} bytes");
        return allocated == 0 ? 0 : 1;
    }
}
