using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;
using SimdOpt.Benchmarks.Rules;

namespace SimdOpt.Benchmarks;

/// <summary>
/// Jobs that switch the runtime's instruction sets off, widest first, so one report shows every hardware path
/// SimdOpt's loop can take: Vector512 (default), Vector256 (<c>DOTNET_EnableAVX512=0</c>), Vector128
/// (<c>DOTNET_EnableAVX2=0</c>) and scalar (<c>DOTNET_EnableHWIntrinsic=0</c>). The job's run characteristics
/// come from <c>SIMDOPT_BENCH_JOB</c>, matching what <c>perf/run-report.sh</c> passes to the other classes:
/// <c>quick</c> (one launch, 2 warm-ups, 5 iterations of 200 ms), <c>full</c> (one launch, 3 warm-ups,
/// 15 iterations of 200 ms), otherwise BenchmarkDotNet's default job. The bandwidth ceilings the class inherits
/// are left out: they bound the rule at the default path, which the per-rule classes measure.
/// </summary>
public class HardwarePathConfig : ManualConfig
{
    public HardwarePathConfig()
    {
        var baseJob = Environment.GetEnvironmentVariable("SIMDOPT_BENCH_JOB")?.ToUpperInvariant() switch
        {
            "QUICK" => Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5).WithIterationTime(TimeInterval.FromMilliseconds(200)),
            "FULL" => Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15).WithIterationTime(TimeInterval.FromMilliseconds(200)),
            _ => Job.Default,
        };
        AddFilter(new SimpleFilter(b => b.Descriptor.WorkloadMethod.Name is not (nameof(RuleBenchmarks.BandwidthCeiling) or nameof(RuleBenchmarks.BandwidthCeiling2Threads))));
        AddJob(baseJob.WithId("Vector512"));
        AddJob(baseJob.WithEnvironmentVariable("DOTNET_EnableAVX512", "0").WithId("Vector256"));
        AddJob(baseJob.WithEnvironmentVariable("DOTNET_EnableAVX2", "0").WithId("Vector128"));
        AddJob(baseJob.WithEnvironmentVariable("DOTNET_EnableHWIntrinsic", "0").WithId("Scalar"));
    }
}

/// <summary>
/// How fast is each hardware path? Adam's four implementations at an L1 and an L3 size, once per
/// instruction-set job of <see cref="HardwarePathConfig"/>. Kept out of the per-rule classes so their default
/// run stays short.
/// </summary>
[Config(typeof(HardwarePathConfig))]
public class AdamHardwarePathBenchmarks : AdamBenchmarks
{
    public override IEnumerable<int> SizeValues => [Sizes.L1, Sizes.L3];
}
