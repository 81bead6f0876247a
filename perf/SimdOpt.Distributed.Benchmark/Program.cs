using System.Globalization;
using SimdOpt.Distributed.Benchmark;
using SimdOpt.Distributed.Mpi;

// Sharded Adam steps and the transports under them, timed with a Stopwatch on every rank:
//   mpirun.mpich -np 1 dotnet SimdOpt.Distributed.Benchmark.dll [--sizes 16,32,64] [--steps 10]
//   mpirun.mpich -np 2 dotnet SimdOpt.Distributed.Benchmark.dll [--sizes 16,32,64] [--steps 10]
// Sizes are millions (2^20) of parameters. Rank 0 prints Markdown tables with every rank's row.
using var mpi = MpichRuntime.Start(ref args);
var sizes = new[] { 16, 32, 64 };
var steps = 10;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--sizes":
            sizes = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            break;
        case "--steps":
            steps = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'. Usage: [--sizes 16,32,64] [--steps 10]");
            return 2;
    }
}

StepBenchmark.PrintHeader();
foreach (var size in sizes)
{
    StepBenchmark.Run(size, steps);
}

if (MPI.Communicator.world.Size > 1)
{
    TransportBenchmark.PrintHeader();
    foreach (var size in sizes)
    {
        TransportBenchmark.Run(size, steps);
    }
}

return 0;
