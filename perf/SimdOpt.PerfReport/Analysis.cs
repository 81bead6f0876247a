namespace SimdOpt.PerfReport;

/// <summary>Lookups over one run's measurements: a rule's case, its class's ceiling, derived ratios.</summary>
internal sealed class Analysis(IReadOnlyList<Measurement> measurements)
{
    /// <summary>The same measurements judged by their fastest iteration instead of their median.</summary>
    public Analysis ByMinimum() => new([.. All.Select(m => m with { UseMinimum = true })]);

    public IReadOnlyList<Measurement> All { get; } = measurements;

    public IEnumerable<string> RuleTypesPresent => Traffic.RuleTypes.Where(t => All.Any(m => m.Type == t));

    public IReadOnlyList<int> SizesOf(string type) => [.. All.Where(m => m.Type == type).Select(m => m.Size).Distinct().Order()];

    public Measurement? Find(string type, string method, int size) =>
        All.FirstOrDefault(m => m.Type == type && m.Method == method && m.Size == size);

    public double? GigabytesPerSecond(string type, string method, int size) =>
        Find(type, method, size) is { } m ? Traffic.GigabytesPerSecond(Traffic.BytesPerElement(type), size, m.Time) : null;

    /// <summary>How many times faster <paramref name="method"/> is than <paramref name="other"/> (median over median).</summary>
    public double? SpeedUp(string type, string method, string other, int size) =>
        Find(type, method, size) is { } m && Find(type, other, size) is { } o ? o.Time / m.Time : null;

    /// <summary>
    /// GB/s over the GB/s of the same class's ceiling (<see cref="Implementations.CeilingFor"/>) at the same size:
    /// both move the same buffers and ran next to each other, so this is the ceiling's time over the method's.
    /// </summary>
    public double? ShareOfCeiling(string type, string method, int size) =>
        GigabytesPerSecond(type, method, size) is { } gbps && GigabytesPerSecond(type, Implementations.CeilingFor(method), size) is { } ceiling
            ? gbps / ceiling
            : null;
}
