using SimdOpt.Kernels;

namespace SimdOpt.Tests.Support;

/// <summary>
/// Runs a test body with the kernels' widest lane forced on the test's thread (<see cref="LaneSelection.Forced"/>,
/// thread-static, so tests running in parallel do not see each other's choice; <c>StepWorkers</c> hands it to its
/// workers). Each lane runs whether or not this machine accelerates it: Vector512 in software on an AVX2 machine.
/// </summary>
public static class Lanes
{
    /// <summary>Every lane width, widest first, by name (xUnit shows the name in each test case).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<LaneWidth>().Reverse().Select(w => w.ToString())];

    /// <summary>Every lane width, for a theory over lanes alone.</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var lane in Names)
        {
            data.Add(lane);
        }

        return data;
    }

    /// <summary>Every lane crossed with every name in <paramref name="names"/>.</summary>
    public static TheoryData<string, string> Crossed(IEnumerable<string> names)
    {
        var data = new TheoryData<string, string>();
        foreach (var lane in Names)
        {
            foreach (var name in names)
            {
                data.Add(lane, name);
            }
        }

        return data;
    }

    /// <summary>Runs <paramref name="body"/> with <paramref name="lane"/> as the widest lane on this thread, then restores the previous choice.</summary>
    public static void Run(string lane, Action body)
    {
        var previous = LaneSelection.Forced;
        LaneSelection.Forced = Enum.Parse<LaneWidth>(lane);
        try
        {
            body();
        }
        finally
        {
            LaneSelection.Forced = previous;
        }
    }

    /// <summary>Whether each lane runs in hardware or in software here, e.g. <c>Vector512 software, Vector256 native, ...</c>.</summary>
    public static string Describe() =>
        string.Join(", ", Enum.GetValues<LaneWidth>().Reverse().Select(w => $"{w} {(LaneSelection.IsHardwareAccelerated(w) ? "native" : "software")}"));
}
