using System.Globalization;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Threading;

// Measures what the whole process allocates while StepWorkers fall asleep between steps and are woken again.
// It does nothing else, so any allocation it reports is SimdOpt's (or the runtime's on SimdOpt's behalf).
// Usage: SimdOpt.WorkerAllocationProbe <windows> <steps per window>
// Prints "window N: B bytes, S steps" per window, after a warm-up of three such windows with pauses (the first
// sleeps of fresh threads, tiered compilation).
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: SimdOpt.WorkerAllocationProbe <windows> <steps per window>");
    return 2;
}

var windows = int.Parse(args[0], CultureInfo.InvariantCulture);
var steps = int.Parse(args[1], CultureInfo.InvariantCulture);
var layout = ParameterLayout.Create(("w", [100_003]));
var optimizer = new Adam(layout, 1e-3);
var parameters = new ParameterBuffer(layout);
var gradients = parameters.CreateSibling();
var random = new Random(5);
for (var i = 0; i < gradients.Length; i++)
{
    gradients.Span[i] = (float)((random.NextDouble() * 2) - 1);
}

using var workers = new StepWorkers(2, threshold: 1024);

// Each pause outlasts the workers' 200 us of polling, so every step wakes a sleeping worker.
void SleepAndWake()
{
    for (var i = 0; i < steps; i++)
    {
        optimizer.Step(parameters, gradients, workers);
        Thread.Sleep(3);
    }
}

// Warm-up: three rounds with pauses, so that tiered compilation has installed its optimized code (which allocates
// a few kilobytes once: seen 6,192 bytes in the first window after a single round) before anything is measured.
for (var round = 0; round < 3; round++)
{
    SleepAndWake();
    Thread.Sleep(250);
}

var results = new (long Bytes, long Steps)[windows];
for (var window = 0; window < windows; window++)
{
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var stepsBefore = optimizer.StepCount;
    SleepAndWake();
    results[window] = (GC.GetTotalAllocatedBytes(precise: true) - before, optimizer.StepCount - stepsBefore);
}

for (var window = 0; window < windows; window++)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"window {window}: {results[window].Bytes} bytes, {results[window].Steps} steps"));
}

return 0;
