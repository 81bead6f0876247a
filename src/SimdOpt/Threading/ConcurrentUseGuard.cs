namespace SimdOpt.Threading;

/// <summary>
/// Detects concurrent use of an object that is not thread-safe, before the call writes anything: an exclusive
/// call (a whole step, preparing or completing one) may not overlap any other call; shared calls (applying
/// disjoint ranges of one prepared step) may overlap each other but no exclusive call. It never waits: the
/// call that finds the object busy throws <see cref="InvalidOperationException"/>.
/// </summary>
/// <remarks>
/// One <see cref="int"/>: 0 idle, -1 one exclusive call, n &gt; 0 n shared calls. Entering is one
/// <see cref="Interlocked.CompareExchange(ref int, int, int)"/> (shared: one more per contended retry);
/// leaving an exclusive call is one release store. It is a mutable struct: keep it in a field and call it
/// through that field. The build property <c>SimdOptStepGuard=false</c> compiles it to nothing, so the
/// benchmarks can measure its cost beside the guarded build in one run.
/// </remarks>
internal struct ConcurrentUseGuard
{
#if !SIMDOPT_NO_STEP_GUARD
    private const int Exclusive = -1;

    private int _state;
#endif

    /// <summary>Enters an exclusive call of <paramref name="call"/> on <paramref name="owner"/>.</summary>
    /// <exception cref="InvalidOperationException">Another call is running on the object.</exception>
    public void EnterExclusive(object owner, string call)
    {
#if !SIMDOPT_NO_STEP_GUARD
        if (Interlocked.CompareExchange(ref _state, Exclusive, 0) != 0)
        {
            throw Busy(owner, call);
        }
#endif
    }

    /// <summary>Leaves an exclusive call.</summary>
    public void ExitExclusive()
    {
#if !SIMDOPT_NO_STEP_GUARD
        Volatile.Write(ref _state, 0);
#endif
    }

    /// <summary>Enters a shared call of <paramref name="call"/> on <paramref name="owner"/>.</summary>
    /// <exception cref="InvalidOperationException">An exclusive call is running on the object.</exception>
    public void EnterShared(object owner, string call)
    {
#if !SIMDOPT_NO_STEP_GUARD
        var state = Volatile.Read(ref _state);
        while (true)
        {
            if (state == Exclusive)
            {
                throw Busy(owner, call);
            }

            var seen = Interlocked.CompareExchange(ref _state, state + 1, state);
            if (seen == state)
            {
                return;
            }

            state = seen;
        }
#endif
    }

    /// <summary>Leaves a shared call.</summary>
    public void ExitShared()
    {
#if !SIMDOPT_NO_STEP_GUARD
        Interlocked.Decrement(ref _state);
#endif
    }

    /// <summary>Throws when any call is inside (for a setter that must not change what a running call reads).</summary>
    /// <exception cref="InvalidOperationException">A call is running on the object.</exception>
    public void ThrowIfBusy(object owner, string call)
    {
#if !SIMDOPT_NO_STEP_GUARD
        if (Volatile.Read(ref _state) != 0)
        {
            throw Busy(owner, call);
        }
#endif
    }

#if !SIMDOPT_NO_STEP_GUARD
    private static InvalidOperationException Busy(object owner, string call) => new(
        $"{owner.GetType().Name}.{call} was called while another call was running on the same instance on another thread; nothing was changed. " +
        $"A {owner.GetType().Name} is not thread-safe: call it from one thread at a time (see its remarks on threading).");
#endif
}
