using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SimdOpt.Benchmarks.Columns;

/// <summary>Median time per step over the number of elements.</summary>
public sealed class NanosecondsPerElementColumn : DerivedColumn
{
    public override string ColumnName => "ns/element";

    public override string Legend => "Median time per step / elements (ns)";

    public override int PriorityInCategory => 0;

    protected override string Value(Summary summary, BenchmarkCase benchmarkCase) =>
        CaseLookup.Show(CaseLookup.Median(summary, benchmarkCase) is { } median && CaseLookup.Size(benchmarkCase) is { } size && size > 0 ? median / size : null, "0.000");
}
