namespace SimdOpt.PerfReport;

/// <summary>
/// The bytes per element a rule cannot avoid moving in one step (4 per float read or written once), which
/// turn times into GB/s. The TensorPrimitives versions move more (one pass per call); their GB/s here is
/// "effective": the rule's unavoidable bytes over their time.
/// </summary>
internal static class Traffic
{
    private static readonly Dictionary<string, (string Rule, int Bytes)> Rules = new(StringComparer.Ordinal)
    {
        ["SgdBenchmarks"] = ("SGD", 12),
        ["SgdMomentumBenchmarks"] = ("SGD momentum", 20),
        ["NesterovBenchmarks"] = ("SGD Nesterov", 20),
        ["MovingAverageMomentumBenchmarks"] = ("Moving-average momentum", 20),
        ["AdaGradBenchmarks"] = ("AdaGrad", 20),
        ["RmsPropBenchmarks"] = ("RMSProp", 20),
        ["AdamBenchmarks"] = ("Adam", 28),
        ["AdamWBenchmarks"] = ("AdamW", 28),
        ["AmsGradBenchmarks"] = ("AMSGrad", 36),
        ["LionBenchmarks"] = ("Lion", 20),
        ["AdamaxBenchmarks"] = ("Adamax", 28),
        ["NAdamBenchmarks"] = ("NAdam", 28),
        ["RAdamBenchmarks"] = ("RAdam", 28),
        ["AdadeltaBenchmarks"] = ("Adadelta", 28),
        ["ScheduleFreeAdamWBenchmarks"] = ("Schedule-Free AdamW", 28),
    };

    /// <summary>The per-rule classes in report order.</summary>
    public static IEnumerable<string> RuleTypes => Rules.Keys;

    public static string RuleName(string type) => Rules[type].Rule;

    public static int BytesPerElement(string type) => Rules[type].Bytes;

    /// <summary>Decimal GB/s of a step that moves <paramref name="bytesPerElement"/> for each of <paramref name="size"/> elements.</summary>
    public static double GigabytesPerSecond(int bytesPerElement, int size, double nanoseconds) => (double)bytesPerElement * size / nanoseconds;
}
