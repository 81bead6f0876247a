using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;
using SimdOpt.Benchmarks.Rules;

namespace SimdOpt.Benchmarks;

/// <summary>
/// Jobs that switch the runtime's instruction sets off, widest first, so one report shows every hardware path
/// SimdOpt's loop can take: Vector512 (default), Vector256 (<c>DOTNET_EnableAVX512=0</c>), Vector128
/// (<c>DOTNET_EnableAVX2=0</c>) and scalar (<c>DOTNET_EnableHWIntrinsic=0</c>). The job's run characteristics
/// come from <c>SIMDOPT_BENCH_JOB</c>: <c>quick</c> (one launch, 2 warm-ups, 5 iterations of 200 ms, as
/// <c>perf/run-report.sh quick</c> passes to the other classes), otherwise BenchmarkDotNet's default job.
/// </summary>
public class HardwarePathConfig : ManualConfig
{
    public HardwarePathConfig()
    {
        var baseJob = string.Equals(Environment.GetEnvironmentVariable("SIMDOPT_BENCH_JOB"), "quick", StringComparison.OrdinalIgnoreCase)
            ? Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5).WithIterationTime(TimeInterval.FromMilliseconds(200))
            : Job.Default;
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
