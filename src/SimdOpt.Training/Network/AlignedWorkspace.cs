using System.Runtime.InteropServices;

namespace SimdOpt.Training.Network;

/// <summary>
/// Float workspaces that start on a 64-byte boundary. They are allocated pinned (the GC never moves them off the
/// boundary), so a row whose length is a multiple of 16 floats starts a cache line and no vector load of it straddles
/// two; ordinary arrays start wherever the heap puts them, which made a run's speed depend on what was allocated before it.
/// </summary>
internal static class AlignedWorkspace
{
    /// <summary>The boundary every workspace starts on, in bytes (one cache line, one Vector512).</summary>
    public const int Alignment = 64;

    /// <summary>A zeroed workspace of <paramref name="length"/> floats starting on an <see cref="Alignment"/>-byte boundary.</summary>
    public static ArraySegment<float> Allocate(int length)
    {
        var storage = GC.AllocateArray<float>(length + (Alignment / sizeof(float)) - 1, pinned: true);
        var handle = GCHandle.Alloc(storage, GCHandleType.Pinned);
        var address = (nuint)handle.AddrOfPinnedObject();
        handle.Free();
        var start = (int)((Alignment - (address % Alignment)) % Alignment) / sizeof(float);
        return new ArraySegment<float>(storage, start, length);
    }
}
