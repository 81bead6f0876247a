using System.Diagnostics;
using System.Globalization;
using SimdOpt.DataParallel;
using SimdOpt.Distributed;
using SimdOpt.Distributed.Mpi;
using SimdOpt.Training.Data;
using SimdOpt.Training.Network;

// The course's 2-5-2-1 network and Adam, data-parallel: `mpirun.mpich -np 2 dotnet SimdOpt.DataParallel.dll
// [--epochs N] [--verify]`. Each rank computes the gradient of its part of every mini-batch (divided by the whole
// batch's size) and a sharded optimizer sums the parts in rank order. --verify makes rank 0 train the
// single-process reference afterwards and compare the parameters bit for bit (exit code 1 if they differ).
using var mpi = MpichRuntime.Start(ref args);
var epochs = 10_000;
var verify = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--epochs" when i + 1 < args.Length:
            epochs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--verify":
            verify = true;
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: [--epochs N] [--verify]");
            return 2;
    }
}

var data = CourseData.Load();
var network = CourseRun.CreateNetwork();
using var adam = ShardedOptimizer.Create(network.Layout, CourseRun.CreateAdam);
var rank = adam.Rank;
var ranks = adam.RankCount;
var batches = new BatchParts(data, CourseRun.BatchSize, ranks);
var gradients = new PartGradients(network, batches);
var seed = CourseRun.ShuffleSeed;
var watch = Stopwatch.StartNew();
for (var epoch = 0; epoch < epochs; epoch++)
{
    batches.Shuffle(++seed);
    var cost = 0.0;
    for (var b = 0; b < batches.Count; b++)
    {
        cost += gradients.Compute(b, rank);
        adam.Step(network.Parameters, network.Gradients);
    }

    if (epoch % 1000 == 0 || epoch == epochs - 1)
    {
        var total = MPI.Communicator.world.Allgather(cost).Sum() / data.Count;
        if (rank == 0)
        {
            Console.WriteLine($"epoch {epoch,6}: cost {total:F6}");
        }
    }
}

watch.Stop();
var times = adam.Times;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"rank {rank} of {ranks}: share [{adam.ShareStart}, {adam.ShareStart + adam.ShareLength}) of {network.Layout.TotalLength}, {adam.StepCount} steps in {watch.Elapsed.TotalSeconds:F2} s; per step: reduce {PerStep(times.Reduce)} us, update {PerStep(times.Update)} us, gather {PerStep(times.Gather)} us"));
if (rank != 0)
{
    return 0;
}

Console.WriteLine($"accuracy {Prediction.Accuracy(network, data):F4}");
if (!verify)
{
    return 0;
}

var reference = CourseRun.TrainSummingParts(data, ranks, epochs);
var identical = network.Parameters.Span.SequenceEqual(reference.Parameters.Span);
Console.WriteLine(identical
    ? $"parameters after {epochs} epochs: identical to the single process summing the {ranks} parts in rank order"
    : $"parameters after {epochs} epochs DIFFER from the single process summing the {ranks} parts in rank order");
var course = CourseRun.TrainWholeBatches(data, epochs);
var largest = 0f;
for (var i = 0; i < course.Parameters.Span.Length; i++)
{
    largest = MathF.Max(largest, MathF.Abs(course.Parameters.Span[i] - network.Parameters.Span[i]));
}

Console.WriteLine($"the course's whole-batch loop: accuracy {Prediction.Accuracy(course, data):F4}, largest parameter difference {largest:G3} (the order of float additions differs)");
return identical ? 0 : 1;

double PerStep(TimeSpan total) => Math.Round(total.TotalMicroseconds / Math.Max(1, times.Steps), 1);
