using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text;

namespace SimdOpt.Distributed.Mpi;

/// <summary>
/// The collectives a sharded step needs, on a private duplicate of <c>MPI_COMM_WORLD</c>, each started
/// non-blocking and then polled under a watchdog: when a call does not complete within <see cref="Timeout"/>
/// (a rank died, hangs, or stopped calling) or MPI reports an error, the rank prints what it was waiting for
/// and calls <c>MPI_Abort</c>, which ends every rank of the job. Nothing here allocates after construction.
/// </summary>
internal sealed unsafe class MpiChannel : IDisposable
{
    /// <summary>The exit code <c>MPI_Abort</c> is given when the watchdog or an MPI error ends the job.</summary>
    public const int AbortCode = 70;

    private const int GradientTag = 16;

    /// <summary>Polls before each further poll yields the core: a short message completes within them without a trip through the scheduler.</summary>
    private const int SpinPolls = 2_000;
    private readonly int[] _requests;
    private int _comm;

    public MpiChannel(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        if (!MpichRuntime.IsInitialized)
        {
            throw new InvalidOperationException("MPI is not initialized: call MpichRuntime.Start(ref args) first, and run the program under mpirun.mpich.");
        }

        Timeout = timeout;
        Check(MpichNative.CommSize(MpichNative.CommWorld, out var size), "MPI_Comm_size");
        Check(MpichNative.CommRank(MpichNative.CommWorld, out var rank), "MPI_Comm_rank");
        Size = size;
        Rank = rank;
        _requests = new int[Math.Max(2 * size, 1)];
        Check(MpichNative.CommIdup(MpichNative.CommWorld, out _comm, out _requests[0]), "MPI_Comm_idup");
        Wait(1, "the duplication of MPI_COMM_WORLD");
        Check(MpichNative.CommSetErrhandler(_comm, MpichNative.ErrorsReturn), "MPI_Comm_set_errhandler");
    }

    public int Rank { get; }

    public int Size { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Every rank's value, in rank order.</summary>
    public void AllGather(ulong value, Span<ulong> all)
    {
        fixed (ulong* destination = all)
        {
            Check(MpichNative.Iallgather(&value, 1, MpichNative.UInt64, destination, 1, MpichNative.UInt64, _comm, out _requests[0]), "MPI_Iallgather");
            Wait(1, "the exchange of layout fingerprints");
        }
    }

    /// <summary>True on every rank when <paramref name="flag"/> is true on any rank.</summary>
    public bool Any(bool flag)
    {
        int local = flag ? 1 : 0, global = 0;
        Check(MpichNative.Iallreduce(&local, &global, 1, MpichNative.Int, MpichNative.OpMax, _comm, out _requests[0]), "MPI_Iallreduce");
        Wait(1, "the exchange of the gradients' finiteness");
        return global != 0;
    }

    /// <summary>
    /// Sums this rank's share of every rank's gradients in rank order into <paramref name="sum"/>:
    /// <c>sum = g_0 + g_1</c>, then <c>sum = sum + g_2</c>, …, one float addition per element and rank. Sends every
    /// other rank its share of <paramref name="gradients"/> meanwhile.
    /// </summary>
    /// <param name="gradients">This rank's whole gradient buffer; not written.</param>
    /// <param name="starts">Every rank's share start.</param>
    /// <param name="lengths">Every rank's share length.</param>
    /// <param name="sum">This rank's share length: receives the sum.</param>
    /// <param name="incoming">This rank's share length: scratch for one other rank's share.</param>
    public void ReduceInRankOrder(ReadOnlySpan<float> gradients, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, Span<float> sum, Span<float> incoming)
    {
        var own = gradients.Slice(starts[Rank], lengths[Rank]);
        fixed (float* g = gradients)
        fixed (float* s = sum)
        fixed (float* scratch = incoming)
        {
            var sends = 0;
            for (var q = 0; q < Size; q++)
            {
                if (q != Rank && lengths[q] > 0)
                {
                    Check(MpichNative.Isend(g + starts[q], lengths[q], MpichNative.Float, q, GradientTag, _comm, out _requests[1 + sends]), "MPI_Isend");
                    sends++;
                }
            }

            for (var q = 0; q < Size; q++)
            {
                if (own.Length == 0)
                {
                    break;
                }

                if (q == Rank)
                {
                    if (q == 0)
                    {
                        own.CopyTo(sum);
                    }
                    else
                    {
                        TensorPrimitives.Add(sum, own, sum);
                    }

                    continue;
                }

                var target = q == 0 ? s : scratch;
                Check(MpichNative.Irecv(target, own.Length, MpichNative.Float, q, GradientTag, _comm, out _requests[0]), "MPI_Irecv");
                Wait(1, "a rank's gradients");
                if (q != 0)
                {
                    TensorPrimitives.Add(sum, incoming, sum);
                }
            }

            Wait(sends, "the other ranks to take their gradient shares", first: 1);
        }
    }

    /// <summary>Gives every rank every other rank's share of <paramref name="buffer"/>, in place.</summary>
    public void AllGatherShares(Span<float> buffer, int[] starts, int[] lengths)
    {
        fixed (float* b = buffer)
        fixed (int* counts = lengths)
        fixed (int* displacements = starts)
        {
            Check(MpichNative.Iallgatherv(MpichNative.InPlace, 0, MpichNative.Float, b, counts, displacements, MpichNative.Float, _comm, out _requests[0]), "MPI_Iallgatherv");
            Wait(1, "the updated parameter shares");
        }
    }

    public void Dispose()
    {
        if (_comm != 0)
        {
            _ = MpichNative.CommFree(ref _comm);
            _comm = 0;
        }
    }

    /// <summary>Polls requests <c>[first, first + count)</c> until all complete, or ends the job when <see cref="Timeout"/> passes.</summary>
    private void Wait(int count, string what, int first = 0)
    {
        if (count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var polls = 0;
        fixed (int* requests = _requests)
        {
            while (true)
            {
                Check(MpichNative.Testall(count, requests + first, out var done, MpichNative.StatusIgnore), "MPI_Testall");
                if (done != 0)
                {
                    return;
                }

                if (Stopwatch.GetElapsedTime(started) > Timeout)
                {
                    Fail($"rank {Rank} of {Size} waited {Timeout.TotalSeconds:0.#} s for {what}: a rank has died, hangs or has stopped stepping", timedOut: true);
                }

                if (++polls > SpinPolls)
                {
                    Thread.Yield();
                }
            }
        }
    }

    private void Check(int code, string call)
    {
        if (code != MpichNative.Success)
        {
            Fail($"rank {Rank} of {Size}: {call} failed: {ErrorText(code)}", timedOut: false);
        }
    }

    private static string ErrorText(int code)
    {
        var text = stackalloc byte[MpichNative.MaxErrorString];
        return MpichNative.ErrorString(code, text, out var length) == MpichNative.Success
            ? Encoding.UTF8.GetString(text, length)
            : "MPI error " + code;
    }

    private static void Fail(string message, bool timedOut)
    {
        Console.Error.WriteLine($"SimdOpt.Distributed: {message}. Ending every rank (MPI_Abort, code {AbortCode}).");
        Console.Error.Flush();
        _ = MpichNative.Abort(MpichNative.CommWorld, AbortCode);
        throw timedOut ? new TimeoutException(message) : new InvalidOperationException(message);
    }
}
