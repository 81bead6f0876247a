using System.Runtime.Intrinsics;
using SimdOpt.Tests.Support;
using Xunit.Abstractions;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// Reports which vector widths this run dispatches to, and which lanes <see cref="LaneProperties"/> run natively or in
/// software, and checks them against the runtime switches the CI matrix sets, so a run that silently tested the same
/// path twice fails.
/// </summary>
public class HardwarePathTests(ITestOutputHelper output)
{
    private static bool SwitchedOff(string name) => Environment.GetEnvironmentVariable(name) == "0";

    [Fact]
    public void Active_widths_follow_the_runtime_switches()
    {
        var line = $"SIMD paths: Vector512={Vector512.IsHardwareAccelerated}, Vector256={Vector256.IsHardwareAccelerated}, Vector128={Vector128.IsHardwareAccelerated}; lanes checked directly: {Lanes.Describe()}";
        output.WriteLine(line);
        Console.WriteLine(line);

        if (SwitchedOff("DOTNET_EnableHWIntrinsic"))
        {
            Assert.False(Vector128.IsHardwareAccelerated);
        }

        if (SwitchedOff("DOTNET_EnableAVX2") || SwitchedOff("DOTNET_EnableHWIntrinsic"))
        {
            Assert.False(Vector256.IsHardwareAccelerated);
        }

        if (SwitchedOff("DOTNET_EnableAVX512") || SwitchedOff("DOTNET_EnableAVX2") || SwitchedOff("DOTNET_EnableHWIntrinsic"))
        {
            Assert.False(Vector512.IsHardwareAccelerated);
        }
    }
}
