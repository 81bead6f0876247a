using System.Diagnostics;
using System.Runtime;

namespace SimdOpt.Benchmarks;

/// <summary>
/// Runs a case until the JIT has stopped compiling. On 2 cores the runtime's background tier-1 compilation
/// takes the core a worker thread needs, so a two-thread step measured in BenchmarkDotNet's short warm-up ran
/// for seconds at one-thread speed, then jumped to two-thread speed (Adam at 1,048,576: 237 µs for 10 iterations,
/// then 125 µs; with tiered compilation off, 148 µs throughout).
/// </summary>
public static class JitSettling
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    /// <summary>Calls <paramref name="action"/> until no method has been compiled for 500 ms (at most 15 s).</summary>
    public static void Run(Action action)
    {
        var total = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        var compiled = JitInfo.GetCompiledMethodCount();
        while (quiet.Elapsed < Quiet && total.Elapsed < Limit)
        {
            action();
            var now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                quiet.Restart();
            }
        }

        Console.WriteLine($"// JIT settled after {total.Elapsed.TotalSeconds:F1} s ({compiled} methods compiled)");
    }
}
