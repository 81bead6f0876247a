using SimdOpt.StatePrecisionQuality;

// Usage: dotnet run -c Release --project perf/SimdOpt.StatePrecisionQuality -- [--steps 10000] [--batch 16] [--out folder] ...
QualitySettings settings;
try
{
    settings = QualitySettings.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var result = QualityExperiment.Run(settings, Console.Out);
var output = Directory.CreateDirectory(settings.Out).FullName;
var command = "dotnet run -c Release --project perf/SimdOpt.StatePrecisionQuality" + (args.Length == 0 ? "" : " -- " + string.Join(" ", args));
File.WriteAllText(Path.Combine(output, "README.md"), QualityReport.Build(result, command));
QualityPlots.WriteLoss(Path.Combine(output, QualityPlots.LossFile), result);
QualityPlots.WriteDistance(Path.Combine(output, QualityPlots.DistanceFile), result);
Console.WriteLine($"Wrote {Path.Combine(output, "README.md")}, {QualityPlots.LossFile} and {QualityPlots.DistanceFile}.");
return 0;
