using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SimdOpt.Benchmarks.Columns;

/// <summary>
/// The rule's unavoidable bytes per step (<see cref="BytesPerElementAttribute"/> × elements) over the median time, in
/// decimal GB/s: "effective" for the composed TensorPrimitives case, which moves more.
/// </summary>
public sealed class GigabytesPerSecondColumn : DerivedColumn
{
    public override string ColumnName => "GB/s";

    public override string Legend => "The rule's unavoidable bytes per step / median time (decimal GB/s)";

    public override int PriorityInCategory => 1;

    protected override string Value(Summary summary, BenchmarkCase benchmarkCase) =>
        CaseLookup.Show(
            CaseLookup.Median(summary, benchmarkCase) is { } median && CaseLookup.Size(benchmarkCase) is { } size && CaseLookup.BytesPerElement(benchmarkCase) is { } bytes && median > 0
                ? (double)bytes * size / median
                : null,
            "0.0");
}
