using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SimdOpt.Benchmarks.Columns;

/// <summary>A numeric column computed from the run's own medians (shown in every table this suite exports).</summary>
public abstract class DerivedColumn : IColumn
{
    public string Id => GetType().Name;

    public abstract string ColumnName { get; }

    public abstract string Legend { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public abstract int PriorityInCategory { get; }

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => Value(summary, benchmarkCase);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => Value(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => CaseLookup.Size(c) is not null);

    /// <summary>The cell's text ("-" where the column does not apply).</summary>
    protected abstract string Value(Summary summary, BenchmarkCase benchmarkCase);
}
