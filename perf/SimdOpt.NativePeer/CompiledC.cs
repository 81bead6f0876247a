using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SimdOpt.NativePeer;

/// <summary>
/// The bindings of the compiled-C peers (<c>perf/native</c>). The library is chosen to match the instruction sets
/// this .NET process uses: <c>libsimdopt_peer.so</c> (gcc <c>-march=native</c>) when <c>Vector512</c> is
/// accelerated, otherwise <c>libsimdopt_peer_avx2.so</c> (the same with <c>-mno-avx512f</c>), so a run with
/// <c>DOTNET_EnableAVX512=0</c> compares against C without AVX-512 too.
/// </summary>
public static unsafe partial class CompiledC
{
    private const string Library = "simdopt_peer";

    static CompiledC()
    {
        NativeLibrary.SetDllImportResolver(typeof(CompiledC).Assembly, Resolve);
    }

    /// <summary>The file name of the library this process uses.</summary>
    public static string LibraryFile { get; } = Vector512.IsHardwareAccelerated ? "libsimdopt_peer.so" : "libsimdopt_peer_avx2.so";

    /// <summary>Where the library is looked for: beside this assembly.</summary>
    public static string LibraryPath { get; } = Path.Combine(Path.GetDirectoryName(typeof(CompiledC).Assembly.Location) ?? AppContext.BaseDirectory, LibraryFile);

    /// <summary>Whether the library was built (gcc was found when this assembly was built) and loads.</summary>
    public static bool IsAvailable { get; } = NativeLibrary.TryLoad(LibraryPath, out _);

    /// <summary>Why the peers cannot run, or null when they can.</summary>
    public static string? UnavailableReason => IsAvailable
        ? null
        : $"The compiled-C peer {LibraryPath} is missing or does not load: perf/native/build.sh builds it with gcc during the build, and gcc was not found then.";

    /// <summary>Throws <see cref="InvalidOperationException"/> with <see cref="UnavailableReason"/> when the peers cannot run.</summary>
    public static void EnsureAvailable()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException(UnavailableReason);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Library ? NativeLibrary.Load(LibraryPath) : IntPtr.Zero;

    [LibraryImport(Library, EntryPoint = "peer_sgd")]
    internal static partial void Sgd(float* p, float* g, nuint n, float lr, int threads);

    [LibraryImport(Library, EntryPoint = "peer_sgd_momentum")]
    internal static partial void SgdMomentum(float* p, float* g, float* b, nuint n, float lr, float mu, float gradientScale, int first, int nesterov, int threads);

    [LibraryImport(Library, EntryPoint = "peer_moving_average_momentum")]
    internal static partial void MovingAverageMomentum(float* p, float* g, float* v, nuint n, float lr, float beta, float oneMinusBeta, int threads);

    [LibraryImport(Library, EntryPoint = "peer_adagrad")]
    internal static partial void AdaGrad(float* p, float* g, float* s, nuint n, float clr, float eps, int threads);

    [LibraryImport(Library, EntryPoint = "peer_rmsprop")]
    internal static partial void RmsProp(float* p, float* g, float* v, nuint n, float lr, float alpha, float oneMinusAlpha, float eps, int threads);

    [LibraryImport(Library, EntryPoint = "peer_adam")]
    internal static partial void Adam(
        float* p, float* g, float* m, float* v, float* vmax, nuint n, float decay, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize, float epsHat, int decoupled, int amsgrad, int threads);

    [LibraryImport(Library, EntryPoint = "peer_lion")]
    internal static partial void Lion(float* p, float* g, float* m, nuint n, float lr, float wd, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, int decays, int threads);

    [LibraryImport(Library, EntryPoint = "peer_adamax")]
    internal static partial void Adamax(float* p, float* g, float* m, float* u, nuint n, float beta1, float oneMinusBeta1, float beta2, float eps, float stepSize, int threads);

    [LibraryImport(Library, EntryPoint = "peer_nadam")]
    internal static partial void NAdam(
        float* p, float* g, float* m, float* v, nuint n, float decay, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float gradientStep, float momentumStep, float epsHat, int decoupled, int threads);

    [LibraryImport(Library, EntryPoint = "peer_radam")]
    internal static partial void RAdam(
        float* p, float* g, float* m, float* v, nuint n, float decay, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize, float eps, int decoupled, int rectified, int threads);

    [LibraryImport(Library, EntryPoint = "peer_adadelta")]
    internal static partial void Adadelta(float* p, float* g, float* v, float* u, nuint n, float lr, float rho, float oneMinusRho, float eps, int threads);

    [LibraryImport(Library, EntryPoint = "peer_schedule_free_adamw")]
    internal static partial void ScheduleFreeAdamW(
        float* y, float* g, float* z, float* v, nuint n, float beta2, float oneMinusBeta2, float epsHat, float ckp1, float yStep, float zStep, float yDecay, float zDecay, int first, int decays, int threads);
}
