using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Distributed.MpiChecks;

/// <summary>Failures that must end every rank with a clear error instead of a hang.</summary>
internal static class FailureChecks
{
    /// <summary>The last rank builds a different layout: every rank must throw at construction (exit 3).</summary>
    public static int Mismatch()
    {
        var builder = new ParameterLayout.Builder().Add("W", 64, 64).Add("b", 64);
        var rank = MPI.Communicator.world.Rank;
        if (rank == MPI.Communicator.world.Size - 1)
        {
            builder.Add("extra", 3);
        }

        try
        {
            using var sharded = ShardedOptimizer.Create(builder.Build(), l => new Adam(l, 1e-3), TimeSpan.FromSeconds(20));
            Console.Error.WriteLine($"rank {rank}: the mismatch was not detected");
            return 1;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"rank {rank}: {e.Message}");
            return 3;
        }
    }

    /// <summary>The last rank exits in the middle of training; the others must not wait forever.</summary>
    public static int RankDies() => StepUntil(rank => Environment.Exit(9));

    /// <summary>The last rank stops calling (sleeps); the others' watchdog must end the job.</summary>
    public static int RankHangs() => StepUntil(rank => Thread.Sleep(Timeout.Infinite));

    private static int StepUntil(Action<int> failLastRank)
    {
        var layout = new ParameterLayout.Builder().Add("W", 256, 256).Build();
        using var sharded = ShardedOptimizer.Create(layout, l => new Adam(l, 1e-3), TimeSpan.FromSeconds(5));
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        for (var step = 1; step <= 6; step++)
        {
            if (step == 3 && sharded.Rank == sharded.RankCount - 1)
            {
                Console.Error.WriteLine($"rank {sharded.Rank}: failing on purpose before step {step}");
                failLastRank(sharded.Rank);
            }

            Gradients.Fill(gradients.Span, sharded.Rank, step);
            sharded.Step(parameters, gradients);
        }

        Console.Error.WriteLine($"rank {sharded.Rank}: finished every step although a rank failed");
        return 1;
    }
}
