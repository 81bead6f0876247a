using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Reports;

namespace SimdOpt.Benchmarks;

/// <summary>
/// The instruction sets this process runs with, as .NET sees them (after <c>DOTNET_EnableAVX512=0</c> and the like).
/// BenchmarkDotNet records them per case only for cases it runs in a child process; for in-process runs the suite
/// writes them to <see cref="FileName"/> beside the results, and the report reads that file.
/// </summary>
public static class HostInstructionSets
{
    /// <summary>The file written into each results folder.</summary>
    public const string FileName = "host-instruction-sets.txt";

    /// <summary>For example <c>AVX-512 F+BW+CD+DQ+VBMI, AVX2, FMA, BMI2; Vector512 accelerated; Vector&lt;T&gt; 32 bytes</c>.</summary>
    public static string Describe()
    {
        var avx512 = string.Join('+', new (string Name, bool Supported)[]
        {
            ("F", Avx512F.IsSupported), ("BW", Avx512BW.IsSupported), ("CD", Avx512CD.IsSupported),
            ("DQ", Avx512DQ.IsSupported), ("VBMI", Avx512Vbmi.IsSupported),
        }.Where(s => s.Supported).Select(s => s.Name));
        var sets = new List<string>();
        if (avx512.Length > 0)
        {
            sets.Add("AVX-512 " + avx512);
        }

        foreach (var (name, supported) in new (string, bool)[]
                 {
                     ("AVX2", Avx2.IsSupported), ("AVX", Avx.IsSupported), ("FMA", Fma.IsSupported), ("BMI2", Bmi2.IsSupported),
                     ("SSE4.2", Sse42.IsSupported),
                 })
        {
            if (supported)
            {
                sets.Add(name);
            }
        }

        var widest = Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "no vector";
        return $"{(sets.Count > 0 ? string.Join(", ", sets) : "no x86 extensions")}; {widest} accelerated; Vector<T> {Vector<byte>.Count} bytes";
    }

    /// <summary>Writes <see cref="Describe"/> into the results folder of every summary.</summary>
    public static void WriteBeside(IEnumerable<Summary> summaries)
    {
        var text = Describe() + Environment.NewLine;
        foreach (var folder in summaries.Select(s => s.ResultsDirectoryPath).Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, FileName), text);
        }
    }
}
