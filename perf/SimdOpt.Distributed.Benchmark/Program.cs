using System.Globalization;
using SimdOpt.Distributed.Benchmark;
using SimdOpt.Distributed.Mpi;

// Sharded Adam steps and the transports under them, timed with a Stopwatch on every rank:
//   mpirun.mpich -np 1 dotnet SimdOpt.Distributed.Benchmark.dll [--sizes 16,32,64] [--steps 10]
//   mpirun.mpich -np 2 dotnet SimdOpt.Distributed.Benchmark.dll [--sizes 16,32,64] [--steps 10]
// (--no-transports: only the steps; --transports-only: only native vs MPI.NET collectives; perf/run-distributed.sh
// runs each size in a fresh process). Sizes are millions (2^20) of parameters. Rank 0 prints Markdown tables with every rank's row.
using var mpi = MpichRuntime.Start(ref args);
var sizes = new[] { 16, 32, 64 };
var steps = 10;
var stepsWanted = true;
var transportsWanted = true;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--no-transports":
            transportsWanted = false;
            continue;
        case "--transports-only":
            stepsWanted = false;
            continue;
        case "--sizes" or "--steps" when i + 1 >= args.Length:
            Console.Error.WriteLine($"{args[i]} needs a value.");
            return 2;
        case "--sizes":
            sizes = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            break;
        case "--steps":
            steps = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'. Usage: [--sizes 16,32,64] [--steps 10] [--no-transports | --transports-only]");
            return 2;
    }
}

if (stepsWanted)
{
    StepBenchmark.PrintHeader();
    foreach (var size in sizes)
    {
        StepBenchmark.Run(size, steps);
    }
}

if (transportsWanted && MPI.Communicator.world.Size > 1)
{
    TransportBenchmark.PrintHeader();
    foreach (var size in sizes)
    {
        TransportBenchmark.Run(size, steps);
    }
}

return 0;
