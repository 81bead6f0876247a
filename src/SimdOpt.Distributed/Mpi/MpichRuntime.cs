using System.Reflection;
using System.Runtime.InteropServices;

namespace SimdOpt.Distributed.Mpi;

/// <summary>
/// Starts MPI through MPI.NET on Linux's MPICH. MPI.NET binds MS-MPI (<c>msmpi.dll</c>), whose handles are
/// MPICH's, so pointing its imports at <see cref="MpichNative.Library"/> makes it run under <c>mpirun.mpich</c>.
/// </summary>
public static class MpichRuntime
{
    private static readonly Lock Gate = new();
    private static bool _resolverSet;

    /// <summary>
    /// Routes MPI.NET's native calls to MPICH (once per process), then initializes MPI with MPI.NET's
    /// <see cref="MPI.Environment"/>. Dispose the environment at the end of the program to finalize MPI.
    /// </summary>
    /// <param name="args">The program's arguments; MPI may remove its own.</param>
    /// <returns>MPI.NET's environment; <see cref="MPI.Communicator.world"/> is usable once this returns.</returns>
    /// <exception cref="DllNotFoundException">MPICH is not installed (<c>apt-get install mpich libmpich-dev</c>).</exception>
    public static MPI.Environment Start(ref string[] args)
    {
        UseMpich();
        return new MPI.Environment(ref args);
    }

    /// <summary>Routes MPI.NET's <c>msmpi</c> imports to MPICH's library; later calls do nothing.</summary>
    public static void UseMpich()
    {
        lock (Gate)
        {
            if (_resolverSet)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(MPI.Communicator).Assembly, Resolve);
            _resolverSet = true;
        }
    }

    /// <summary>True when MPI has been initialized in this process (through MPI.NET or otherwise).</summary>
    public static bool IsInitialized => MpichNative.Initialized(out var flag) == MpichNative.Success && flag != 0;

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName.StartsWith("msmpi", StringComparison.OrdinalIgnoreCase)
            ? NativeLibrary.Load(MpichNative.Library)
            : IntPtr.Zero;
}
