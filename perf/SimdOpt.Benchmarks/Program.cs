using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using SimdOpt.Benchmarks;
using SimdOpt.Benchmarks.Columns;

// Every table this suite exports carries the derived columns (ns per element, GB/s, share of the ceiling, ratio to
// compiled C), computed by BenchmarkDotNet from the run's own medians. The generated benchmark projects build on a
// shared machine too: BenchmarkDotNet's default 2-minute build timeout is not enough when other builds run.
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddColumn(new NanosecondsPerElementColumn(), new GigabytesPerSecondColumn(), new CeilingShareColumn(), new CompiledCRatioColumn())
    .WithBuildTimeout(TimeSpan.FromMinutes(15));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToList();
HostInstructionSets.WriteBeside(summaries);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
