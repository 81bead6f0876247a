using SimdOpt.Benchmarks;
using SimdOpt.Benchmarks.Rules;
using SimdOpt.Catalog;

namespace SimdOpt.PerfReport;

/// <summary>
/// The bytes per element a rule cannot avoid moving in one step (4 per float read or written once), which turn
/// times into GB/s, for every per-rule class (the <see cref="RuleBenchmarks"/> classes of the suite's <c>Rules</c>
/// namespace; the hardware-path class, which runs Adam under four instruction-set jobs, is not one): its title and
/// bytes come from the rule's registration in <see cref="RuleCatalog"/>, so a new benchmark class is in the report
/// without a list to edit.
/// The TensorPrimitives versions move more (one pass per call); their GB/s here is "effective": the rule's
/// unavoidable bytes over their time.
/// </summary>
internal static class Traffic
{
    private static readonly Dictionary<string, (string Rule, int Bytes)> Rules = typeof(RuleBenchmarks).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(RuleBenchmarks)) && !t.IsAbstract && t.Namespace == typeof(SgdBenchmarks).Namespace)
        .Select(t => (RuleBenchmarks)Activator.CreateInstance(t)!)
        .OrderBy(b => RuleIndex(b.Rule))
        .ThenBy(PresetIndex)
        .ThenBy(b => b.GetType().Name, StringComparer.Ordinal)
        .ToDictionary(b => b.GetType().Name, b => (b.Title, b.BytesPerElement), StringComparer.Ordinal);

    /// <summary>The per-rule classes in report order: the catalogue's order of rules, then of presets.</summary>
    public static IEnumerable<string> RuleTypes => Rules.Keys;

    public static string RuleName(string type) => Rules[type].Rule;

    public static int BytesPerElement(string type) => Rules[type].Bytes;

    /// <summary>Decimal GB/s of a step that moves <paramref name="bytesPerElement"/> for each of <paramref name="size"/> elements.</summary>
    public static double GigabytesPerSecond(int bytesPerElement, int size, double nanoseconds) => (double)bytesPerElement * size / nanoseconds;

    private static int RuleIndex(RuleRegistration rule)
    {
        var rules = RuleCatalog.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] == rule)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>The position of the benchmark's options among its rule's presets (after them when it is none of them).</summary>
    private static int PresetIndex(RuleBenchmarks benchmark)
    {
        var presets = benchmark.Rule.Presets;
        for (var i = 0; i < presets.Count; i++)
        {
            if (presets[i].Options == benchmark.RuleOptions)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
