using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SimdOpt.Benchmarks.Columns;

/// <summary>
/// The ceiling's median over this case's median, at the same size in the same class (so the same bytes): two-thread
/// cases against <see cref="RuleBenchmarks.BandwidthCeiling2Threads"/>, the others against
/// <see cref="RuleBenchmarks.BandwidthCeiling"/>.
/// </summary>
public sealed class CeilingShareColumn : DerivedColumn
{
    public override string ColumnName => "of ceiling";

    public override string Legend => "Share of the same-class read-modify-write stream's speed (its median / this median; 2-thread cases against the 2-thread stream)";

    public override int PriorityInCategory => 2;

    protected override string Value(Summary summary, BenchmarkCase benchmarkCase)
    {
        var ceiling = CaseLookup.IsTwoThreads(benchmarkCase) ? nameof(RuleBenchmarks.BandwidthCeiling2Threads) : nameof(RuleBenchmarks.BandwidthCeiling);
        return CaseLookup.Show(CaseLookup.SpeedOver(summary, benchmarkCase, ceiling), "0%");
    }
}
