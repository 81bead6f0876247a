using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdOpt.Parameters;

/// <summary>
/// Zeroed float blocks that start on a 64-byte boundary: the parameter buffer's storage and the training library's
/// workspaces. They are allocated pinned (the GC never moves them off the boundary), so a row whose length is a
/// multiple of 16 floats starts a cache line and no vector load of it straddles two; ordinary arrays start wherever the
/// heap puts them, which made a run's speed depend on what was allocated before it.
/// </summary>
internal static class AlignedFloats
{
    /// <summary>The boundary every block starts on, in bytes (one cache line, one Vector512).</summary>
    public const int Alignment = 64;

    /// <summary>A zeroed block of <paramref name="length"/> floats starting on an <see cref="Alignment"/>-byte boundary.</summary>
    public static unsafe ArraySegment<float> Allocate(int length)
    {
        var storage = GC.AllocateArray<float>(length + (Alignment / sizeof(float)) - 1, pinned: true);
        var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(storage));
        var start = (int)((Alignment - (address % Alignment)) % Alignment) / sizeof(float);
        return new ArraySegment<float>(storage, start, length);
    }
}
