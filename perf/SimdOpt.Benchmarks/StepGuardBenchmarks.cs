using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Schedules;

namespace SimdOpt.Benchmarks;

/// <summary>
/// What does the concurrent-use guard cost per step? The same SGD step at 4,096 elements (in L1, where a
/// step's fixed cost shows most), built twice in one run: once as shipped and once with
/// <c>-p:SimdOptStepGuard=false</c>, which compiles the guard to nothing (the baseline, as before the guard).
/// Run: <c>dotnet run -c Release --project perf/SimdOpt.Benchmarks -- --filter '*StepGuardBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GuardBuilds))]
public class StepGuardBenchmarks
{
    private ParameterBuffer _parameters = null!;
    private ParameterBuffer _gradients = null!;
    private Sgd _sgd = null!;

    [Params(4096)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (var layout, _parameters, _gradients) = Fill.Buffers(Size, 1f);
        _sgd = new Sgd(layout, 1e-3);
        Console.WriteLine($"// step guard compiled in: {GuardIsCompiledIn(layout)}");
    }

    [Benchmark]
    public StepOutcome SgdStep() => _sgd.Step(_parameters, _gradients);

    /// <summary>Calls a step from inside another step's schedule: the guard, when compiled in, rejects it.</summary>
    private static bool GuardIsCompiledIn(ParameterLayout layout)
    {
        var probe = new Sgd(layout, 0);
        var parameters = new ParameterBuffer(layout);
        var gradients = new ParameterBuffer(layout);
        var rejected = false;
        probe.Schedule = new ProbeSchedule(() =>
        {
            probe.Schedule = null;
            try
            {
                probe.Step(parameters, gradients);
            }
            catch (InvalidOperationException)
            {
                rejected = true;
            }
        });
        try
        {
            probe.Step(parameters, gradients);
        }
        catch (InvalidOperationException) when (!rejected)
        {
            // Without the guard the nested step ran, so the outer step finds its prepared scalars stale.
        }

        return rejected;
    }

    private sealed class ProbeSchedule(Action during) : LearningRateSchedule
    {
        public override double At(long counter)
        {
            during();
            return 0;
        }
    }

    private sealed class GuardBuilds : ManualConfig
    {
        public GuardBuilds()
        {
            // Each job builds the library itself; on a busy machine that takes longer than the default 2 minutes.
            WithBuildTimeout(TimeSpan.FromMinutes(20));
            AddJob(Job.Default.WithId("without guard").WithArguments([new MsBuildArgument("/p:SimdOptStepGuard=false")]).AsBaseline());
            AddJob(Job.Default.WithId("with guard").WithArguments([new MsBuildArgument("/p:SimdOptStepGuard=true")]));
        }
    }
}
