using System.Diagnostics;
using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Threading;

/// <summary>
/// Persistent worker threads that split one optimizer step across cores. Create one per training loop and
/// pass it to <see cref="Optimizers.Optimizer.Step(ParameterBuffer, ParameterBuffer, StepWorkers)"/>; nothing is
/// allocated per step. Each thread owns one contiguous share of the buffer, the same every step, so the data a
/// core updated last step is still in its own caches; a share is cut into 8 chunks of a multiple of 16
/// elements (64 bytes), which the owner takes from the front, and a thread that has finished its own share takes
/// the chunks still untaken in the others', so a worker that wakes late costs at most about one chunk of
/// imbalance instead of its whole share. Every element's
/// update depends only on that element, so the result has the same bits as a single-threaded step, whichever
/// thread takes which chunk. Between steps a worker spins for about 200 µs (a
/// training loop that steps back to back never waits for a wake-up), then blocks.
/// One step at a time: an instance serves one step of one optimizer at a time. A step that finds it serving
/// another step (of any optimizer, on another thread) throws <see cref="InvalidOperationException"/> before it
/// changes anything; give each concurrently stepping optimizer its own instance.
/// </summary>
public sealed class StepWorkers : IDisposable
{
    /// <summary>
    /// Buffers shorter than this are stepped on the calling thread alone: 262,144 elements, since waking a worker
    /// cost more than it saved at 65,536 (Adam: 0.39x there on 2 cores).
    /// </summary>
    public const int DefaultThreshold = 1 << 18;

    /// <summary>The most threads one instance runs a step on: 1,024 (each is an operating-system thread with its own stack).</summary>
    public const int MaxThreadCount = 1024;

    /// <summary>
    /// Chunks per share: enough that a late thread costs little, few enough that the per-chunk cost stays small
    /// (Adam at 1,048,576 elements on 2 threads, against fixed halves in the same process: 8 chunks 1-2% slower,
    /// 16 about 2.5%, 32 about 6%).
    /// </summary>
    internal const int ChunksPerThread = 8;

    /// <summary>How long an idle worker polls for the next step before it blocks.</summary>
    internal const int SpinMicroseconds = 200;

    private const int ChunkGranularity = 16;

    private const int CounterStride = 16;

    /// <summary>A thread that has finished its share takes another's chunks only while more than this many are untaken.</summary>
    private const int StealMargin = 1;

    private readonly Worker[] _workers;
    private int _pending;
    // The next chunk of each share, one per 128 bytes so the threads' counters never share a cache line.
    private readonly long[] _nextChunks;
    private int _chunkLength;
    private long _generation;
    private IChunkedStep? _step;
    private ParameterBuffer? _parameters;
    private ParameterBuffer? _gradients;
    private Exception? _failure;
    // The stepping thread's forced lane width, which the workers adopt for the step (see LaneSelection).
    private LaneWidth? _forcedLanes;
    private bool _disposed;
    private ConcurrentUseGuard _guard;

    /// <summary>Starts <paramref name="threadCount"/> - 1 background workers (default: one per processor).</summary>
    /// <param name="threadCount">Threads per step including the caller's, in [1, <see cref="MaxThreadCount"/>].</param>
    /// <param name="threshold">Minimum buffer length for splitting, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1, or <paramref name="threadCount"/> is above <see cref="MaxThreadCount"/>.</exception>
    public StepWorkers(int threadCount = 0, int threshold = DefaultThreshold)
    {
        if (threadCount == 0)
        {
            threadCount = Environment.ProcessorCount;
        }

        if (threadCount is < 1 or > MaxThreadCount)
        {
            throw new ArgumentOutOfRangeException(nameof(threadCount), threadCount, $"threadCount must be in [1, {MaxThreadCount}] (0 for one per processor).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        ThreadCount = threadCount;
        Threshold = threshold;
        _nextChunks = new long[threadCount * CounterStride];
        _workers = new Worker[threadCount - 1];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Worker(this, i + 1);
        }
    }

    /// <summary>Threads per step, counting the caller's.</summary>
    public int ThreadCount { get; }

    /// <summary>Buffers shorter than this run on the calling thread alone.</summary>
    public int Threshold { get; }

    /// <summary>Stops the workers. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Interlocked.Increment(ref _generation);
        foreach (var worker in _workers)
        {
            worker.Stop();
        }
    }

    /// <summary>
    /// Takes the workers for one step, before the step changes anything; <see cref="Exit"/> gives them back.
    /// </summary>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    /// <exception cref="InvalidOperationException">They are serving another step.</exception>
    internal void Enter()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _guard.EnterExclusive(this, "Step");
    }

    /// <summary>Gives the workers back after a step.</summary>
    internal void Exit() => _guard.ExitExclusive();

    /// <summary>
    /// Applies a prepared step, whose buffers the caller has validated, across the threads, between
    /// <see cref="Enter"/> and <see cref="Exit"/>; returns when every chunk is done.
    /// </summary>
    internal void Apply(IChunkedStep step, ParameterBuffer parameters, ParameterBuffer gradients)
    {
        var length = parameters.Length;
        if (_workers.Length == 0 || length < Threshold)
        {
            step.ApplyValidated(parameters.Span, gradients.Span, 0, length);
            return;
        }

        _step = step;
        _parameters = parameters;
        _gradients = gradients;
        _failure = null;
        _forcedLanes = LaneSelection.Forced;
        _chunkLength = ChunkLength(length, ThreadCount, step.RangeAlignment);
        for (var share = 0; share < ThreadCount; share++)
        {
            _nextChunks[share * CounterStride] = (long)share * ChunksPerThread;
        }

        Volatile.Write(ref _pending, _workers.Length);

        // Publishes the fields above: a worker reads them only after it has seen the new generation.
        Interlocked.Increment(ref _generation);
        foreach (var worker in _workers)
        {
            worker.Wake();
        }

        try
        {
            RunChunks(0);
        }
        finally
        {
            // The caller ran out of chunks, so each worker is at most one chunk from done: spin, never block.
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _pending) != 0)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            _step = null;
            _parameters = null;
            _gradients = null;
        }

        if (_failure is not null)
        {
            throw new AggregateException("A step worker failed.", _failure);
        }
    }

    /// <summary>
    /// Applies the chunks of thread <paramref name="thread"/>'s own share, then takes chunks from the others'
    /// while more than <see cref="StealMargin"/> of theirs are untaken (an owner about to finish is left alone:
    /// a taken chunk moves its data to the other core's caches for this step and back for the next).
    /// </summary>
    private void RunChunks(int thread)
    {
        RunShare(thread, margin: 0);
        for (var i = 1; i < ThreadCount; i++)
        {
            RunShare((thread + i) % ThreadCount, StealMargin);
        }
    }

    /// <summary>Claims and applies chunks of share <paramref name="share"/> while more than <paramref name="margin"/> are untaken.</summary>
    private void RunShare(int share, int margin)
    {
        var length = _parameters!.Length;
        var chunkLength = _chunkLength;
        var end = Math.Min((long)(share + 1) * ChunksPerThread, (length + chunkLength - 1) / chunkLength);
        ref var next = ref _nextChunks[share * CounterStride];
        while (end - Volatile.Read(ref next) > margin)
        {
            var chunk = Interlocked.Increment(ref next) - 1;
            if (chunk >= end)
            {
                return;
            }

            var start = chunk * chunkLength;
            var count = (int)Math.Min(chunkLength, length - start);
            _step!.ApplyValidated(_parameters.Span, _gradients!.Span, (int)start, count);
        }
    }

    /// <summary>
    /// Elements per chunk: <c>length / (threads * ChunksPerThread)</c> rounded up to a multiple of 16 (or of
    /// <paramref name="alignment"/> when that is larger: 256 for 8-bit optimizer state, whose blocks a chunk must not cut),
    /// so every chunk starts on a 64-byte boundary of the buffer and there are at most <c>threads * ChunksPerThread</c>.
    /// </summary>
    internal static int ChunkLength(int length, int threads, int alignment = 1)
    {
        var granularity = Math.Max(ChunkGranularity, alignment);
        var chunks = (long)threads * ChunksPerThread;
        var perChunk = (length + chunks - 1) / chunks;
        var rounded = (perChunk + granularity - 1) / granularity * granularity;
        return (int)Math.Max(rounded, granularity);
    }

    private sealed class Worker
    {
        private static readonly long SpinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;

        private readonly StepWorkers _owner;
        private readonly int _index;
        // A plain monitor on an object made here, not a ManualResetEventSlim, whose lock object is created the
        // first time a thread blocks on it: that allocation would land in some later step.
        private readonly object _gate = new();
        private readonly Thread _thread;
        private int _sleeping;

        public Worker(StepWorkers owner, int index)
        {
            _owner = owner;
            _index = index;
            _thread = new Thread(Loop) { IsBackground = true, Name = $"SimdOpt step worker {index}" };
            _thread.Start();
        }

        /// <summary>Wakes the worker if it sleeps; call after publishing a new generation.</summary>
        public void Wake()
        {
            // Pairs with the exchange in WaitForGeneration: either the worker sees the new generation before
            // sleeping, or this sees it sleeping and pulses.
            if (Volatile.Read(ref _sleeping) != 0)
            {
                lock (_gate)
                {
                    Monitor.Pulse(_gate);
                }
            }
        }

        public void Stop()
        {
            Wake();
            _thread.Join();
        }

        private void Loop()
        {
            // Generation 0 is the one before the first step: reading the field here instead could miss a step
            // published before this thread started.
            long seen = 0;
            while (true)
            {
                seen = WaitForGeneration(seen);
                if (_owner._disposed)
                {
                    return;
                }

                try
                {
                    LaneSelection.Forced = _owner._forcedLanes;
                    _owner.RunChunks(_index);
                }
#pragma warning disable CA1031 // The failure is rethrown on the stepping thread.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _owner._failure = e;
                }
                finally
                {
                    Interlocked.Decrement(ref _owner._pending);
                }
            }
        }

        /// <summary>Polls for a generation after <paramref name="seen"/> for a while, then blocks until one is published.</summary>
        private long WaitForGeneration(long seen)
        {
            var deadline = Stopwatch.GetTimestamp() + SpinTicks;
            var spinner = default(SpinWait);
            while (true)
            {
                var current = Volatile.Read(ref _owner._generation);
                if (current != seen)
                {
                    return current;
                }

                if (Stopwatch.GetTimestamp() < deadline)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                    continue;
                }

                lock (_gate)
                {
                    // Announce the sleep (a full fence) before the last look, so a step published after that
                    // look finds the flag set and pulses, which cannot happen before Wait releases the gate.
                    Interlocked.Exchange(ref _sleeping, 1);
                    if (Volatile.Read(ref _owner._generation) == seen)
                    {
                        Monitor.Wait(_gate);
                    }

                    Volatile.Write(ref _sleeping, 0);
                }

                deadline = Stopwatch.GetTimestamp() + SpinTicks;
            }
        }
    }
}
