using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SimdOpt.Benchmarks.Columns;

/// <summary>What the custom columns read from a summary: a case's median, its size, its rule's bytes, and its partner cases.</summary>
internal static class CaseLookup
{
    /// <summary>The median nanoseconds per operation, or null for a failed case.</summary>
    public static double? Median(Summary summary, BenchmarkCase benchmarkCase) => summary[benchmarkCase]?.ResultStatistics?.Median;

    /// <summary>The <c>Size</c> parameter (elements per step), or null when the class has none.</summary>
    public static int? Size(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Size")?.Value is int size ? size : null;

    /// <summary>
    /// The bytes per element of the case's class: a rule benchmark's from its registration
    /// (<see cref="RuleBenchmarks.BytesPerElement"/>), another class's from its <see cref="BytesPerElementAttribute"/>
    /// (inherited by subclasses), or null.
    /// </summary>
    public static int? BytesPerElement(BenchmarkCase benchmarkCase)
    {
        var caseType = benchmarkCase.Descriptor.Type;
        if (caseType.IsSubclassOf(typeof(RuleBenchmarks)) && !caseType.IsAbstract)
        {
            return ((RuleBenchmarks)Activator.CreateInstance(caseType)!).BytesPerElement;
        }

        for (var type = caseType; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BytesPerElementAttribute>() is { } attribute)
            {
                return attribute.Bytes;
            }
        }

        return null;
    }

    /// <summary>Whether the case runs on two threads (its method name says so).</summary>
    public static bool IsTwoThreads(BenchmarkCase benchmarkCase) => benchmarkCase.Descriptor.WorkloadMethod.Name.EndsWith("2Threads", StringComparison.Ordinal);

    /// <summary>The case of the same class, job and parameters whose method is <paramref name="method"/>, or null.</summary>
    public static BenchmarkCase? Partner(Summary summary, BenchmarkCase benchmarkCase, string method) =>
        summary.BenchmarksCases.FirstOrDefault(other =>
            other.Descriptor.Type == benchmarkCase.Descriptor.Type
            && other.Descriptor.WorkloadMethod.Name == method
            && other.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo
            && other.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo);

    /// <summary>The partner's median over this case's median: how many times faster this case is than the partner.</summary>
    public static double? SpeedOver(Summary summary, BenchmarkCase benchmarkCase, string method) =>
        Partner(summary, benchmarkCase, method) is { } partner && Median(summary, partner) is { } theirs && Median(summary, benchmarkCase) is { } ours && ours > 0
            ? theirs / ours
            : null;

    public static string Show(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
