using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.State;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.State;

/// <summary>
/// Checkpoint files of format version 1, written by the library before the header moved to source-generated JSON
/// (commit 7624939), keep loading: each fixture holds one optimizer of every rule variant after three steps, and
/// loading it gives the same bits as the same three steps run now. To rewrite the fixtures (only when the format
/// version changes), run <c>SIMDOPT_WRITE_FIXTURES=1 dotnet test tests/SimdOpt.Tests --filter FullyQualifiedName~Version1FixtureTests</c>.
/// </summary>
public class Version1FixtureTests
{
    private const long Counter = 42;

    /// <summary>The rule variants the fixtures were written from, as the test suite listed them at the time.</summary>
    private static readonly Dictionary<string, Func<ParameterLayout, Optimizer>> Variants = new()
    {
        ["sgd"] = l => new Sgd(l, 0.01, new SgdOptions { WeightDecay = 0.1 }),
        ["sgd momentum"] = l => new Sgd(l, 0.01, new SgdOptions { Momentum = 0.9, Dampening = 0.1 }),
        ["sgd nesterov"] = l => new Sgd(l, 0.01, new SgdOptions { Momentum = 0.9, Nesterov = true }),
        ["moving-average momentum"] = l => new MovingAverageMomentum(l, 0.01),
        ["adagrad"] = l => new AdaGrad(l, 0.01, new AdaGradOptions { LearningRateDecay = 0.01, InitialAccumulatorValue = 0.1 }),
        ["rmsprop"] = l => new RmsProp(l, 0.01),
        ["rmsprop centered"] = l => new RmsProp(l, 0.01, new RmsPropOptions { Centered = true }),
        ["rmsprop momentum"] = l => new RmsProp(l, 0.01, new RmsPropOptions { Momentum = 0.9 }),
        ["rmsprop centered momentum"] = l => new RmsProp(l, 0.01, new RmsPropOptions { Centered = true, Momentum = 0.9 }),
        ["adam"] = l => new Adam(l, 0.001),
        ["adam amsgrad"] = l => new Adam(l, 0.001, new AdamOptions { Amsgrad = true, WeightDecay = 0.01 }),
        ["adamw"] = l => new Adam(l, 0.001, AdamOptions.AdamW()),
    };

    public static TheoryData<string> Names() => [.. Variants.Keys];

    private static ParameterLayout Layout() => ParameterLayout.Create(("W", [3, 2]), ("b", [3]));

    private static string FixturePath(string rule) =>
        Path.Combine(RepositoryRoot(), "tests", "SimdOpt.Tests", "State", "Fixtures", "v1-" + rule.Replace(' ', '-') + ".ckpt");

    private static (Optimizer Optimizer, ParameterBuffer Parameters) Stepped(string rule, int steps)
    {
        var layout = Layout();
        var optimizer = Variants[rule](layout);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(parameters.Span, 1);
        for (var i = 0; i < steps; i++)
        {
            AllRules.Fill(gradients.Span, 10 + i);
            optimizer.Step(parameters, gradients);
        }

        return (optimizer, parameters);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_version_1_file_loads_with_the_bits_it_was_written_with(string rule)
    {
        var path = FixturePath(rule);
        var (expected, expectedParameters) = Stepped(rule, 3);
        if (Environment.GetEnvironmentVariable("SIMDOPT_WRITE_FIXTURES") == "1")
        {
            Checkpoint.Save(path, expected, expectedParameters, Counter);
            return;
        }

        var (target, parameters) = Stepped(rule, 0);
        var info = Checkpoint.Load(path, target, parameters);

        Assert.Equal(1, BitConverter.ToInt32(File.ReadAllBytes(path), 8));
        Assert.Equal(3, info.StepCount);
        Assert.Equal(Counter, info.Counter);
        Assert.True(info.HasParameters);
        Assert.Equal(CheckpointTests.Snapshot(expected, expectedParameters), CheckpointTests.Snapshot(target, parameters));
    }

    [Fact]
    public void A_version_1_file_with_parameter_groups_loads()
    {
        var path = FixturePath("adam-groups");
        var (expected, expectedParameters) = CheckpointTests.Trained(3);
        if (Environment.GetEnvironmentVariable("SIMDOPT_WRITE_FIXTURES") == "1")
        {
            Checkpoint.Save(path, expected, expectedParameters, Counter);
            return;
        }

        var target = CheckpointTests.Fresh();
        var parameters = new ParameterBuffer(target.Layout);
        var info = Checkpoint.Load(path, target, parameters);

        Assert.Equal(Counter, info.Counter);
        Assert.Equal(CheckpointTests.Snapshot(expected, expectedParameters), CheckpointTests.Snapshot(target, parameters));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SimdOpt.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No SimdOpt.sln above {AppContext.BaseDirectory}.");
    }
}
