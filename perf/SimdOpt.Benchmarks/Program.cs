using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// The generated benchmark projects build on a shared machine too: BenchmarkDotNet's default 2-minute build timeout
// is not enough when other builds run.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
