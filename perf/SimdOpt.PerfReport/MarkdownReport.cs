using System.Globalization;
using System.Text;

namespace SimdOpt.PerfReport;

/// <summary>
/// Writes the run as Markdown: the machine and its instruction sets, the goals, one chart per rule, and links to
/// BenchmarkDotNet's own tables, which carry every per-case figure (ns/element, GB/s, share of ceiling, ratio to
/// compiled C) as custom columns of the benchmark suite.
/// </summary>
internal sealed class MarkdownReport(Analysis analysis, HostInfo host, string command, string note)
{
    private readonly Analysis _best = analysis.ByMinimum();

    private const double NanosecondsPerElementGoal = 0.30;
    private const double ReferenceSpeedUpGoal = 8.0;
    private const double CeilingShareGoal = 0.90;
    private const double ThreadSpeedUpGoalL3 = 1.8;
    private const double ThreadSpeedUpGoalDram = 1.3;
    private const double CompiledCGoal = 1.0;

    private readonly StringBuilder _text = new();

    public string Build(IReadOnlyDictionary<string, string> charts, IReadOnlyList<string> tables)
    {
        Line("# SimdOpt performance report");
        Line();
        Line(string.Create(CultureInfo.InvariantCulture, $"- Machine: {host}"));
        foreach (var (job, isa) in analysis.All.Select(m => (m.Job, m.HardwareIntrinsics)).Distinct().OrderBy(j => j.Job, StringComparer.Ordinal))
        {
            Line($"- Instruction sets of job `{job}`: {(isa.Length > 0 ? isa : "not recorded")}");
        }

        Line($"- Command: `{command}`");
        Line("- Medians per step; \"best\" uses each case's fastest iteration instead (on a busy machine, the closer estimate of the undisturbed cost), every ratio in it best over best.");
        Line("- Compiled C: `perf/native`, gcc -O3 -march=native -ffp-contract=off -fno-math-errno (the library without AVX-512 where .NET runs without Vector512), the same order of float operations and the same bits; `vs C` = C's time over SimdOpt's with the same thread count (above 1.00x: SimdOpt is faster).");
        if (note.Length > 0)
        {
            Line($"- Note: {note}");
        }

        Line();
        Goals();
        CompiledCRatios();
        Line("## Charts");
        Line();
        foreach (var type in analysis.RuleTypesPresent)
        {
            if (charts.GetValueOrDefault(type) is { } chart)
            {
                Line($"![{Traffic.RuleName(type)}: GB/s against size]({chart})");
                Line();
            }
        }

        Line("## Every case");
        Line();
        Line("BenchmarkDotNet's tables, with the suite's columns `ns/element`, `GB/s`, `of ceiling` (the same class's read-modify-write stream over the same buffers, run at the same size: 2-thread cases against the 2-thread stream) and `vs C`:");
        Line();
        foreach (var table in tables)
        {
            Line($"- [{table}](bdn/{table})");
        }

        return _text.ToString();
    }

    private void Goals()
    {
        const string adam = "AdamBenchmarks";
        Line("## Goals");
        Line();
        Line("| goal | target | median | met (median) | best | met (best) |");
        Line("|---|---|---:|---|---:|---|");
        foreach (var size in new[] { 4_096, 65_536, 1_048_576 })
        {
            Goal($"Adam ns/element, 1 thread, {Format.Size(size)}", "≤ 0.30", a => a.Find(adam, Implementations.OneThread, size)?.NanosecondsPerElement, v => Format.Number(v, "N3"), v => v <= NanosecondsPerElementGoal);
        }

        Goal("Adam speed-up over the reference at 4,096", "≥ 8x", a => a.SpeedUp(adam, Implementations.OneThread, Implementations.Reference, 4_096), v => Format.Ratio(v), v => v >= ReferenceSpeedUpGoal);
        foreach (var type in analysis.RuleTypesPresent)
        {
            Goal($"{Traffic.RuleName(type)} share of ceiling at 16,777,216", "≥ 90%", a => a.ShareOfCeiling(type, Implementations.OneThread, 16_777_216), v => Format.Percent(v), v => v >= CeilingShareGoal);
        }

        Goal("Adam 2-thread speed-up at 1,048,576", "≥ 1.8x", a => a.SpeedUp(adam, Implementations.TwoThreads, Implementations.OneThread, 1_048_576), v => Format.Ratio(v), v => v >= ThreadSpeedUpGoalL3);
        Goal("Adam 2-thread speed-up at 16,777,216", "≥ 1.3x", a => a.SpeedUp(adam, Implementations.TwoThreads, Implementations.OneThread, 16_777_216), v => Format.Ratio(v), v => v >= ThreadSpeedUpGoalDram);
        Goal("fixed cost: SGD step at 4,096 against one TensorPrimitives.MultiplyAdd", "≥ 1.00x", a => a.SpeedUp("SgdBenchmarks", Implementations.OneThread, Implementations.Composed, 4_096), v => Format.Ratio(v), v => v >= CompiledCGoal);
        Goal("lowest ratio to compiled C, any rule, size and thread count", "≥ 1.00x", LowestRatioToC, v => Format.Ratio(v), v => v >= CompiledCGoal);
        var simdOpt = analysis.All.Where(m => m.Method is Implementations.OneThread or Implementations.TwoThreads).ToList();
        var allocated = simdOpt.Count == 0 ? (double?)null : simdOpt.Max(m => m.AllocatedBytes);
        Goal($"bytes allocated per step, every SimdOpt case ({simdOpt.Count})", "0 B", _ => allocated, v => Format.Bytes((long)v), v => v == 0);
        Line();
        AllocationControl(simdOpt);
    }

    /// <summary>
    /// Which SimdOpt cases showed an allocation, beside the compiled-C cases as a control: C allocates no managed memory,
    /// so a byte reported for it is the harness's (in process, BenchmarkDotNet counts every thread's allocations).
    /// </summary>
    private void AllocationControl(List<Measurement> simdOpt)
    {
        var allocating = simdOpt.Where(m => m.AllocatedBytes > 0).OrderByDescending(m => m.AllocatedBytes).ToList();
        if (allocating.Count == 0)
        {
            return;
        }

        var control = analysis.All.Where(m => m.Method is Implementations.CompiledC or Implementations.CompiledC2Threads).ToList();
        var cases = string.Join(", ", allocating.Take(8).Select(m => $"{Traffic.RuleName(m.Type)} {m.Method} {Format.Size(m.Size)} ({Format.Bytes(m.AllocatedBytes)})"));
        Line($"SimdOpt cases with an allocation: {allocating.Count}: {cases}{(allocating.Count > 8 ? ", ..." : "")}.");
        if (control.Count > 0)
        {
            var controlAllocating = control.Count(m => m.AllocatedBytes > 0);
            Line($"Control: {controlAllocating} of the {control.Count} compiled-C cases, which allocate no managed memory themselves, showed an allocation too (largest {Format.Bytes(control.Max(m => m.AllocatedBytes))}).");
        }

        Line();
    }

    private static double? LowestRatioToC(Analysis a)
    {
        var ratios = a.RuleTypesPresent
            .SelectMany(type => a.SizesOf(type).SelectMany(size => new[]
            {
                a.SpeedUp(type, Implementations.OneThread, Implementations.CompiledC, size),
                a.SpeedUp(type, Implementations.TwoThreads, Implementations.CompiledC2Threads, size),
            }))
            .OfType<double>()
            .ToList();
        return ratios.Count == 0 ? null : ratios.Min();
    }

    /// <summary>SimdOpt against compiled C per rule and size, one thread and two: the goal of at least 1.00x everywhere, in one table.</summary>
    private void CompiledCRatios()
    {
        var types = analysis.RuleTypesPresent.Where(t => analysis.All.Any(m => m.Type == t && m.Method == Implementations.CompiledC)).ToList();
        if (types.Count == 0)
        {
            return;
        }

        var sizes = types.SelectMany(analysis.SizesOf).Distinct().Order().ToList();
        Line("## SimdOpt against compiled C (C's time / SimdOpt's; median, best in parentheses)");
        Line();
        Line("| rule | threads | " + string.Join(" | ", sizes.Select(Format.Size)) + " |");
        Line("|---|---|" + string.Concat(sizes.Select(_ => "---:|")));
        foreach (var type in types)
        {
            foreach (var (ours, theirs, threads) in new[] { (Implementations.OneThread, Implementations.CompiledC, "1"), (Implementations.TwoThreads, Implementations.CompiledC2Threads, "2") })
            {
                var cells = sizes.Select(size => $"{Format.Ratio(analysis.SpeedUp(type, ours, theirs, size))} ({Format.Ratio(_best.SpeedUp(type, ours, theirs, size))})");
                Line($"| {Traffic.RuleName(type)} | {threads} | " + string.Join(" | ", cells) + " |");
            }
        }

        Line();
    }

    private void Goal(string name, string target, Func<Analysis, double?> measure, Func<double, string> show, Func<double, bool> met)
    {
        var median = measure(analysis);
        var best = measure(_best);
        Line($"| {name} | {target} | {Cell(median, show)} | {Verdict(median, met)} | {Cell(best, show)} | {Verdict(best, met)} |");
    }

    private static string Cell(double? value, Func<double, string> show) => value is { } v ? show(v) : "n/a";

    private static string Verdict(double? value, Func<double, bool> met) => value is { } v ? (met(v) ? "yes" : "**no**") : "not measured";

    private void Line(string text = "") => _text.Append(text).Append('\n');
}
