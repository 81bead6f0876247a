namespace SimdOpt.Tests.Support;

/// <summary>Measures what repeated calls allocate on the calling thread once the runtime has settled.</summary>
public static class Allocations
{
    /// <summary>
    /// Calls <paramref name="action"/> until tiered compilation has replaced its first code (the runtime
    /// may allocate on the calling thread while it installs the optimized code), then returns the bytes
    /// that <paramref name="count"/> more calls allocate on this thread.
    /// </summary>
    public static long Measure(Action action, int count)
    {
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 500; i++)
            {
                action();
            }

            Thread.Sleep(150);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
