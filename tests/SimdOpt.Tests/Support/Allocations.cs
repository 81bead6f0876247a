namespace SimdOpt.Tests.Support;

/// <summary>Measures what repeated calls allocate on the calling thread once the runtime has settled.</summary>
public static class Allocations
{
    /// <summary>
    /// Calls <paramref name="action"/> until tiered compilation has replaced its first code (the runtime
    /// may allocate on the calling thread while it installs the optimized code), then returns the bytes that
    /// <paramref name="count"/> more calls allocate on this thread: the least of three such windows, because the
    /// runtime can still install code once during a window (seen: 56 bytes in 10,000 calls, once, with
    /// DOTNET_EnableHWIntrinsic=0), while an allocation SimdOpt makes per call, or once every few calls, shows in
    /// every window.
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

        var least = long.MaxValue;
        for (var window = 0; window < 3; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < count; i++)
            {
                action();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
