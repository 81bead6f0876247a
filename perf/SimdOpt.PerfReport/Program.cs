using SimdOpt.PerfReport;

// Usage: SimdOpt.PerfReport <BenchmarkDotNet results folder> <output folder> [command that made the run] [note]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: SimdOpt.PerfReport <results folder with *-report-full*.json> <output folder> [command] [note]");
    return 2;
}

var (measurements, host) = ResultReader.ReadFolder(args[0]);
if (measurements.Count == 0)
{
    Console.Error.WriteLine($"No BenchmarkDotNet JSON results (*-report-full*.json, from --exporters json) in {args[0]}.");
    return 1;
}

var output = Directory.CreateDirectory(args[1]).FullName;
var analysis = new Analysis(measurements);
var charts = new Dictionary<string, string>(StringComparer.Ordinal);
foreach (var type in analysis.RuleTypesPresent)
{
    var file = type.Replace("Benchmarks", "", StringComparison.Ordinal).ToLowerInvariant() + "-gbps.png";
    Chart.Rule(analysis, type, Path.Combine(output, file));
    charts[type] = file;
}

// BenchmarkDotNet's own tables, which the script copies to <output>/bdn.
var tableFolder = Path.Combine(output, "bdn");
var tables = Directory.Exists(tableFolder) ? Directory.EnumerateFiles(tableFolder, "*-report-github.md").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList() : [];
var report = new MarkdownReport(analysis, host, args.Length > 2 ? args[2] : "(not given)", args.Length > 3 ? args[3] : "").Build(charts, tables);
var reportPath = Path.Combine(output, "report.md");
File.WriteAllText(reportPath, report);
Console.WriteLine($"Wrote {reportPath} and {charts.Count} chart(s) from {measurements.Count} measurements.");
return 0;
