using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SimdOpt.Benchmarks.Columns;

/// <summary>
/// How many times faster this case is than the compiled-C peer with the same thread count, at the same size in the same
/// class: <see cref="RuleBenchmarks.CompiledC2Threads"/>'s median over this median for two-thread cases,
/// <see cref="RuleBenchmarks.CompiledC"/>'s otherwise. Above 1.00x is faster than C.
/// </summary>
public sealed class CompiledCRatioColumn : DerivedColumn
{
    public override string ColumnName => "vs C";

    public override string Legend => "Compiled C's median (same thread count) / this median: above 1.00x is faster than C";

    public override int PriorityInCategory => 3;

    protected override string Value(Summary summary, BenchmarkCase benchmarkCase)
    {
        var peer = CaseLookup.IsTwoThreads(benchmarkCase) ? nameof(RuleBenchmarks.CompiledC2Threads) : nameof(RuleBenchmarks.CompiledC);
        return CaseLookup.SpeedOver(summary, benchmarkCase, peer) is { } ratio ? CaseLookup.Show(ratio, "0.00") + "x" : "-";
    }
}
