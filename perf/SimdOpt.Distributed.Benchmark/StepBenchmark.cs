using System.Diagnostics;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Distributed.Benchmark;

/// <summary>Wall time and memory of sharded Adam steps on each rank, with the communication shown apart.</summary>
internal static class StepBenchmark
{
    public static void PrintHeader() => Report.Header(
        "parameters", "ranks", "rank", "step ms", "update ms", "reduce ms", "gather ms", "communication ms", "state MiB", "scratch MiB", "parameters + gradients MiB", "process RSS MiB");

    public static void Run(int millions, int steps)
    {
        var layout = new ParameterLayout.Builder().Add("W", millions, 1 << 20).Add("b", 1000).Build();
        using var adam = ShardedOptimizer.Create(layout, l => new Adam(l, 1e-3, AdamOptions.AdamW(0.01)));
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        var p = parameters.Span;
        var g = gradients.Span;
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = (i % 1000) * 1e-3f;
            g[i] = ((i + adam.Rank) % 777) * 1e-4f - 0.03f;
        }

        for (var i = 0; i < 2; i++)
        {
            adam.Step(parameters, gradients);
        }

        MPI.Communicator.world.Barrier();
        adam.ResetTimes();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++)
        {
            adam.Step(parameters, gradients);
        }

        watch.Stop();
        var times = adam.Times;
        double PerStep(TimeSpan t) => t.TotalMilliseconds / steps;
        Report.Rows(
            $"{millions}M",
            [
                watch.Elapsed.TotalMilliseconds / steps, PerStep(times.Update), PerStep(times.Reduce), PerStep(times.Gather), PerStep(times.Communication),
                adam.StateBytes / Report.MiB, adam.ScratchBytes / Report.MiB, 2.0 * layout.TotalLength * sizeof(float) / Report.MiB, Environment.WorkingSet / Report.MiB,
            ],
            "F1", "F1", "F1", "F1", "F1", "F0", "F0", "F0", "F0");
    }
}
