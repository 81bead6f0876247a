using SimdOpt.Optimizers;
using SimdOpt.Parameters;

namespace SimdOpt.Threading;

/// <summary>
/// Persistent worker threads that split one optimizer step across cores. Create one per training loop and
/// pass it to <see cref="Optimizer.Step(ParameterBuffer, ParameterBuffer, StepWorkers)"/>; nothing is
/// allocated per step. The calling thread takes the first share, each worker one more, so a step uses
/// <see cref="ThreadCount"/> threads. Shares are cut at multiples of 16 elements (64 bytes), and since every
/// element's update depends only on that element, the result has the same bits as a single-threaded step.
/// One step at a time: an instance is not for concurrent use by several callers.
/// </summary>
public sealed class StepWorkers : IDisposable
{
    /// <summary>
    /// Buffers shorter than this are stepped on the calling thread alone: 262,144 elements, since waking a worker
    /// cost more than it saved at 65,536 (Adam: 0.39x there, 1.69x at 1,048,576 on 2 cores).
    /// </summary>
    public const int DefaultThreshold = 1 << 18;

    private const int ShareGranularity = 16;

    private readonly Worker[] _workers;
    private int _pending;
    private Optimizer? _optimizer;
    private ParameterBuffer? _parameters;
    private ParameterBuffer? _gradients;
    private Exception? _failure;
    private bool _disposed;

    /// <summary>Starts <paramref name="threadCount"/> - 1 background workers (default: one per processor).</summary>
    /// <param name="threadCount">Threads per step including the caller's, at least 1.</param>
    /// <param name="threshold">Minimum buffer length for splitting, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1.</exception>
    public StepWorkers(int threadCount = 0, int threshold = DefaultThreshold)
    {
        if (threadCount == 0)
        {
            threadCount = Environment.ProcessorCount;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        ThreadCount = threadCount;
        Threshold = threshold;
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
        foreach (var worker in _workers)
        {
            worker.Stop();
        }
    }

    /// <summary>Applies a prepared step, whose buffers the caller has validated, across the threads; returns when every share is done.</summary>
    internal void Apply(Optimizer optimizer, ParameterBuffer parameters, ParameterBuffer gradients)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var length = parameters.Length;
        if (_workers.Length == 0 || length < Threshold)
        {
            optimizer.ApplyValidated(parameters.Span, gradients.Span, 0, length);
            return;
        }

        _optimizer = optimizer;
        _parameters = parameters;
        _gradients = gradients;
        _failure = null;
        Volatile.Write(ref _pending, _workers.Length);
        foreach (var worker in _workers)
        {
            worker.Start();
        }

        try
        {
            RunShare(0);
        }
        finally
        {
            // The shares are equal, so the workers finish about when the caller does: spin, never block.
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _pending) != 0)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            _optimizer = null;
            _parameters = null;
            _gradients = null;
        }

        if (_failure is not null)
        {
            throw new AggregateException("A step worker failed.", _failure);
        }
    }

    private void RunShare(int share)
    {
        var length = _parameters!.Length;
        var (start, count) = Share(length, share, ThreadCount);
        if (count > 0)
        {
            _optimizer!.ApplyValidated(_parameters.Span, _gradients!.Span, start, count);
        }
    }

    /// <summary>Share <paramref name="share"/> of <paramref name="shares"/>: cut at multiples of 16 elements.</summary>
    internal static (int Start, int Length) Share(int length, int share, int shares)
    {
        var blocks = (length + ShareGranularity - 1) / ShareGranularity;
        var first = (int)((long)blocks * share / shares) * ShareGranularity;
        var last = (int)((long)blocks * (share + 1) / shares) * ShareGranularity;
        first = Math.Min(first, length);
        last = Math.Min(last, length);
        return (first, last - first);
    }

    private sealed class Worker
    {
        private readonly StepWorkers _owner;
        private readonly int _share;
        private readonly ManualResetEventSlim _go = new(false, spinCount: 1000);
        private readonly Thread _thread;
        private volatile bool _stopping;

        public Worker(StepWorkers owner, int share)
        {
            _owner = owner;
            _share = share;
            _thread = new Thread(Loop) { IsBackground = true, Name = $"SimdOpt step worker {share}" };
            _thread.Start();
        }

        public void Start() => _go.Set();

        public void Stop()
        {
            _stopping = true;
            _go.Set();
            _thread.Join();
            _go.Dispose();
        }

        private void Loop()
        {
            while (true)
            {
                _go.Wait();
                _go.Reset();
                if (_stopping)
                {
                    return;
                }

                try
                {
                    _owner.RunShare(_share);
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
    }
}
