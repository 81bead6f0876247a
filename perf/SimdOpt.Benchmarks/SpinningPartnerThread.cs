namespace SimdOpt.Benchmarks;

/// <summary>
/// One persistent thread that runs a fixed piece of work each time its owner asks, so a two-thread benchmark
/// needs no thread pool and allocates nothing per invocation. Both sides spin (never block): the owner bumps a
/// request counter, the thread runs the work and publishes the counter back. It spins even while idle, so
/// create it only for the benchmark that uses it. One owner thread at a time.
/// </summary>
public sealed class SpinningPartnerThread : IDisposable
{
    private readonly Action _work;
    private readonly Thread _thread;
    private long _requested;
    private long _completed;
    private volatile bool _stopping;

    /// <summary>Starts the thread; it waits for <see cref="Start"/>.</summary>
    public SpinningPartnerThread(Action work)
    {
        _work = work;
        _thread = new Thread(Loop) { IsBackground = true, Name = "benchmark partner" };
        _thread.Start();
    }

    /// <summary>Asks the thread to run the work once; returns at once.</summary>
    public void Start() => Volatile.Write(ref _requested, _requested + 1);

    /// <summary>Spins until the run asked for by the last <see cref="Start"/> has finished.</summary>
    public void Wait()
    {
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _completed) != _requested)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Stops the thread; call it after <see cref="Wait"/>, not while a run is pending.</summary>
    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }

    private void Loop()
    {
        long done = 0;
        var spinner = default(SpinWait);
        while (!_stopping)
        {
            var requested = Volatile.Read(ref _requested);
            if (requested == done)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            _work();
            done = requested;
            Volatile.Write(ref _completed, done);
            spinner.Reset();
        }
    }
}
