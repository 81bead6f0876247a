using System.Globalization;
using SimdOpt.CheckpointWriter;
using SimdOpt.Parameters;
using SimdOpt.State;

// Saves checkpoints of counter start, start + 1, ... to the path until it is killed.
// Usage: SimdOpt.CheckpointWriter <path> <elements> <start counter>
// Prints "saving N" before and "saved N" after each save, flushed, so the parent knows where a kill landed.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: SimdOpt.CheckpointWriter <path> <elements> <start counter>");
    return 2;
}

var path = args[0];
var elements = int.Parse(args[1], CultureInfo.InvariantCulture);
var counter = long.Parse(args[2], CultureInfo.InvariantCulture);
var layout = KillTestState.Layout(elements);
var optimizer = KillTestState.CreateOptimizer(layout);
var parameters = new ParameterBuffer(layout);
var stdout = Console.Out;
while (true)
{
    KillTestState.Fill(optimizer, parameters, counter);
    stdout.WriteLine($"saving {counter}");
    stdout.Flush();
    Checkpoint.Save(path, optimizer, parameters, counter);
    stdout.WriteLine($"saved {counter}");
    stdout.Flush();
    counter++;
}
