using System.Runtime.InteropServices;

namespace SimdOpt.Distributed.Mpi;

/// <summary>
/// MPICH's own C entry points (libmpich.so.12, MPI 4.0 ABI), called on pinned float spans so the hot path neither
/// copies nor allocates. Handles are MPICH's 32-bit integers; the constants are those of MPICH's <c>mpi.h</c>.
/// </summary>
internal static unsafe partial class MpichNative
{
    /// <summary>The shared library every call binds to.</summary>
    public const string Library = "libmpich.so.12";

    public const int Success = 0;
    public const int CommWorld = 0x44000000;
    public const int Float = 0x4c00040a;
    public const int Int = 0x4c000405;
    public const int UInt64 = 0x4c00083e;
    public const int OpMax = 0x58000001;
    public const int ErrorsReturn = 0x54000001;
    public const int RequestNull = 0x2c000000;
    public const int MaxErrorString = 512;

    /// <summary>MPI_IN_PLACE: <c>(void*)-1</c>.</summary>
    public static void* InPlace => (void*)-1;

    /// <summary>MPI_STATUS_IGNORE and MPI_STATUSES_IGNORE: <c>(MPI_Status*)1</c>.</summary>
    public static void* StatusIgnore => (void*)1;

    [LibraryImport(Library, EntryPoint = "MPI_Initialized")]
    public static partial int Initialized(out int flag);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_idup")]
    public static partial int CommIdup(int comm, out int newComm, out int request);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_free")]
    public static partial int CommFree(ref int comm);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_set_errhandler")]
    public static partial int CommSetErrhandler(int comm, int errhandler);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_rank")]
    public static partial int CommRank(int comm, out int rank);

    [LibraryImport(Library, EntryPoint = "MPI_Comm_size")]
    public static partial int CommSize(int comm, out int size);

    [LibraryImport(Library, EntryPoint = "MPI_Isend")]
    public static partial int Isend(void* buffer, int count, int datatype, int destination, int tag, int comm, out int request);

    [LibraryImport(Library, EntryPoint = "MPI_Irecv")]
    public static partial int Irecv(void* buffer, int count, int datatype, int source, int tag, int comm, out int request);

    [LibraryImport(Library, EntryPoint = "MPI_Iallgather")]
    public static partial int Iallgather(void* sendBuffer, int sendCount, int sendType, void* receiveBuffer, int receiveCount, int receiveType, int comm, out int request);

    [LibraryImport(Library, EntryPoint = "MPI_Iallgatherv")]
    public static partial int Iallgatherv(void* sendBuffer, int sendCount, int sendType, void* receiveBuffer, int* receiveCounts, int* displacements, int receiveType, int comm, out int request);

    [LibraryImport(Library, EntryPoint = "MPI_Iallreduce")]
    public static partial int Iallreduce(void* sendBuffer, void* receiveBuffer, int count, int datatype, int op, int comm, out int request);

    [LibraryImport(Library, EntryPoint = "MPI_Testall")]
    public static partial int Testall(int count, int* requests, out int flag, void* statuses);

    [LibraryImport(Library, EntryPoint = "MPI_Abort")]
    public static partial int Abort(int comm, int errorCode);

    [LibraryImport(Library, EntryPoint = "MPI_Error_string")]
    public static partial int ErrorString(int errorCode, byte* text, out int length);
}
