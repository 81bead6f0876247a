using System.Globalization;
using System.Text;

namespace SimdOpt.PerfReport;

/// <summary>Writes the run as Markdown: goals, one table per rule, the ceiling, the subnormal case and the hardware paths.</summary>
internal sealed class MarkdownReport(Analysis analysis, HostInfo host, string command, string note)
{
    private readonly Analysis _best = analysis.ByMinimum();

    private const double NanosecondsPerElementGoal = 0.30;
    private const double ReferenceSpeedUpGoal = 8.0;
    private const double CeilingShareGoal = 0.90;
    private const double ThreadSpeedUpGoalL3 = 1.8;
    private const double ThreadSpeedUpGoalDram = 1.3;

    private readonly StringBuilder _text = new();

    public string Build(IReadOnlyDictionary<string, string> charts)
    {
        Line("# SimdOpt performance report");
        Line();
        Line(string.Create(CultureInfo.InvariantCulture, $"- Machine: {host}"));
        Line($"- Command: `{command}`");
        Line("- Times are BenchmarkDotNet medians per step; ns/element = median / size; GB/s = the rule's unavoidable bytes per element × size / median (decimal GB).");
        Line("- \"best\" columns use each case's fastest iteration instead (on a busy machine, the closer estimate of the undisturbed cost); every ratio in them is best over best.");
        Line("- Share of ceiling = GB/s over that of a Vector512 read-modify-write stream over the same buffers (parameters, gradients, every state), run in the same class at the same size right after the SimdOpt case, so the ratio is side by side: the 2-thread row against `BandwidthCeiling2Threads` (the stream split in halves over two threads, at every size), the others against `BandwidthCeiling`.");
        if (note.Length > 0)
        {
            Line($"- Note: {note}");
        }

        Line();
        Goals();
        foreach (var type in analysis.RuleTypesPresent)
        {
            Rule(type, charts.GetValueOrDefault(type));
        }

        Ceiling();
        Subnormal();
        HardwarePaths();
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
        var simdOpt = analysis.All.Where(m => m.Method is Implementations.OneThread or Implementations.TwoThreads).ToList();
        var allocated = simdOpt.Count == 0 ? (double?)null : simdOpt.Max(m => m.AllocatedBytes);
        Goal($"bytes allocated per step, every SimdOpt case ({simdOpt.Count})", "0 B", _ => allocated, v => Format.Bytes((long)v), v => v == 0);
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

    private void Rule(string type, string? chart)
    {
        var bytes = Traffic.BytesPerElement(type);
        Line(string.Create(CultureInfo.InvariantCulture, $"## {Traffic.RuleName(type)} ({bytes} bytes per element, `{type}`)"));
        Line();
        if (chart is not null)
        {
            Line($"![{Traffic.RuleName(type)}: GB/s against size]({chart})");
            Line();
        }

        Line("| size | implementation | time/step | ns/element | GB/s | share of ceiling | vs reference | vs TensorPrimitives | vs 1 thread | best ns/element | best share of ceiling | allocated |");
        Line("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var size in analysis.SizesOf(type))
        {
            foreach (var method in Implementations.All)
            {
                if (analysis.Find(type, method, size) is not { } m)
                {
                    continue;
                }

                var vsThread = method == Implementations.TwoThreads ? Format.Ratio(analysis.SpeedUp(type, method, Implementations.OneThread, size)) : "";
                Line(
                    $"| {Format.Size(size)} | {Implementations.Label(method)} | {Format.Time(m.Time)} | {Format.Number(m.NanosecondsPerElement, "N3")} " +
                    $"| {Format.Number(analysis.GigabytesPerSecond(type, method, size), "N1")} | {Format.Percent(analysis.ShareOfCeiling(type, method, size))} " +
                    $"| {Format.Ratio(analysis.SpeedUp(type, method, Implementations.Reference, size))} | {Format.Ratio(analysis.SpeedUp(type, method, Implementations.Composed, size))} " +
                    $"| {vsThread} | {Format.Number(_best.Find(type, method, size)?.NanosecondsPerElement, "N3")} | {Format.Percent(_best.ShareOfCeiling(type, method, size))} | {Format.Bytes(m.AllocatedBytes)} |");
            }
        }

        Line();
    }

    private void Ceiling()
    {
        var types = analysis.RuleTypesPresent.Where(t => analysis.All.Any(m => m.Type == t && Implementations.Ceilings.Contains(m.Method))).ToList();
        if (types.Count == 0)
        {
            return;
        }

        var sizes = types.SelectMany(analysis.SizesOf).Distinct().Order().ToList();
        Line("## Bandwidth ceiling per rule (Vector512 read-modify-write stream over the rule's buffers), GB/s");
        Line();
        Line("| rule (bytes/element) | threads | " + string.Join(" | ", sizes.Select(Format.Size)) + " |");
        Line("|---|---|" + string.Concat(sizes.Select(_ => "---:|")));
        foreach (var type in types)
        {
            foreach (var method in Implementations.Ceilings)
            {
                var threads = method == Implementations.CeilingTwoThreads ? "2" : "1";
                var cells = sizes.Select(size => Format.Number(analysis.GigabytesPerSecond(type, method, size), "N1"));
                Line(string.Create(CultureInfo.InvariantCulture, $"| {Traffic.RuleName(type)} ({Traffic.BytesPerElement(type)}) | {threads} | ") + string.Join(" | ", cells) + " |");
            }
        }

        Line();
    }

    private void Subnormal()
    {
        var rows = analysis.All.Where(m => m.Type == Analysis.SubnormalType).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        Line("## Adam with subnormal second moments (`AdamSubnormalBenchmarks`)");
        Line();
        Line("Normal: |g| ≤ 1e-3. Tiny: |g| ≤ 1e-20, so g·g and v are subnormal; 3,000 warm-up steps first. " +
            "Flush: `FlushSubnormals` (on: tiny gradients add 0 to v, and subnormal states are stored as 0); the reference follows it too.");
        Line();
        Line("| size | implementation | flush | normal ns/element | tiny ns/element | tiny / normal | best normal | best tiny | best tiny / best normal |");
        Line("|---:|---|---|---:|---:|---:|---:|---:|---:|");
        var groups = rows.GroupBy(m => (m.Size, m.Method, Flush: m.Parameter("Flush") == "True"))
            .OrderBy(g => g.Key.Size).ThenBy(g => g.Key.Method, StringComparer.Ordinal).ThenBy(g => g.Key.Flush);
        foreach (var group in groups)
        {
            var normal = group.FirstOrDefault(m => m.Parameter("Gradients") == "Normal");
            var tiny = group.FirstOrDefault(m => m.Parameter("Gradients") == "Tiny");
            var ratio = normal is not null && tiny is not null ? tiny.Time / normal.Time : (double?)null;
            var bestNormal = normal is null ? null : normal with { UseMinimum = true };
            var bestTiny = tiny is null ? null : tiny with { UseMinimum = true };
            var bestRatio = bestNormal is not null && bestTiny is not null ? bestTiny.Time / bestNormal.Time : (double?)null;
            Line(
                $"| {Format.Size(group.Key.Size)} | {Implementations.Label(group.Key.Method)} | {(group.Key.Flush ? "on" : "off")} " +
                $"| {Format.Number(normal?.NanosecondsPerElement, "N3")} | {Format.Number(tiny?.NanosecondsPerElement, "N3")} | {Format.Ratio(ratio)} " +
                $"| {Format.Number(bestNormal?.NanosecondsPerElement, "N3")} | {Format.Number(bestTiny?.NanosecondsPerElement, "N3")} | {Format.Ratio(bestRatio)} |");
        }

        Line();
    }

    private void HardwarePaths()
    {
        var rows = analysis.All.Where(m => m.Type == Analysis.HardwarePathType).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        string[] order = ["Vector512", "Vector256", "Vector128", "Scalar"];
        var jobs = rows.Select(m => m.Job).Distinct().OrderBy(j => Array.IndexOf(order, j) is var i && i < 0 ? int.MaxValue : i).ThenBy(j => j, StringComparer.Ordinal).ToList();
        Line("## Hardware paths: Adam ns/element per instruction-set job (`AdamHardwarePathBenchmarks`)");
        Line();
        Line("Vector256 = `DOTNET_EnableAVX512=0`, Vector128 = `DOTNET_EnableAVX2=0`, Scalar = `DOTNET_EnableHWIntrinsic=0`.");
        Line();
        Line("| size | implementation | " + string.Join(" | ", jobs) + " |");
        Line("|---:|---|" + string.Concat(jobs.Select(_ => "---:|")));
        foreach (var size in analysis.SizesOf(Analysis.HardwarePathType))
        {
            foreach (var method in Implementations.All)
            {
                var cells = jobs.Select(j => rows.FirstOrDefault(m => m.Size == size && m.Method == method && m.Job == j)?.NanosecondsPerElement);
                if (cells.All(c => c is null))
                {
                    continue;
                }

                Line($"| {Format.Size(size)} | {Implementations.Label(method)} | " + string.Join(" | ", cells.Select(c => Format.Number(c, "N3"))) + " |");
            }
        }

        Line();
    }

    private void Line(string text = "") => _text.Append(text).Append('\n');
}
