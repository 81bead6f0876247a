using FsCheck.Fluent;
using SimdOpt.Catalog;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Precision;
using SimdOpt.State;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Catalog;

/// <summary>
/// Every public <see cref="Optimizer{TOptions}"/> subclass in the library is in <see cref="RuleCatalog"/>, and each
/// registration is complete: presets, hyperparameters, state, reference, checkpoint metadata. A failure names the
/// rule and the missing piece.
/// </summary>
public class CatalogGuardTests
{
    private static readonly string[] Classes =
        [.. typeof(Optimizer).Assembly.GetExportedTypes().Where(t => !t.IsAbstract && IsOptimizerOfT(t)).Select(t => t.Name)];

    public static TheoryData<string> OptimizerClasses() => [.. Classes];

    public static TheoryData<string> RuleNames() => [.. RuleCatalog.Rules.Select(r => r.Name)];

    private static bool IsOptimizerOfT(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Optimizer<>))
            {
                return true;
            }
        }

        return false;
    }

    private static Type ClassNamed(string name) => typeof(Optimizer).Assembly.GetExportedTypes().Single(t => t.Name == name);

    [Fact]
    public void The_reflection_finds_the_known_rules() =>
        Assert.Subset(new HashSet<string>(Classes), new HashSet<string> { "Sgd", "MovingAverageMomentum", "AdaGrad", "RmsProp", "Adam" });

    [Theory]
    [MemberData(nameof(OptimizerClasses))]
    public void Every_optimizer_class_is_registered(string optimizer)
    {
        var type = ClassNamed(optimizer);
        Assert.True(
            RuleCatalog.Rules.Any(r => r.OptimizerType == type),
            $"{optimizer} is a public Optimizer<TOptions> but has no registration in RuleCatalog.Rules: add one (see README, 'Adding a rule').");
    }

    [Theory]
    [MemberData(nameof(OptimizerClasses))]
    public void Every_optimizer_class_is_in_every_derived_list(string optimizer)
    {
        var rule = RuleCatalog.Of(ClassNamed(optimizer));
        Assert.True(AllRules.Variants().Any(v => rule.Presets.Any(p => v.Name.StartsWith(p.CliName, StringComparison.Ordinal))), $"{optimizer}: missing from the test suites' rule table (AllRules).");
        Assert.True(ExactnessRules().Contains(rule.Name), $"{optimizer}: missing from the exactness properties.");
        Assert.True(Gen.Sample(Rules.For(rule.Name), 1).Single().Rule == rule, $"{optimizer}: SimdOpt.Testing has no generator.");
    }

    private static HashSet<string> ExactnessRules() => [.. SimdOpt.Tests.Optimizers.ExactnessProperties.RuleNames().Select((object[] d) => (string)d[0])];

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Every_registration_is_complete(string name)
    {
        var rule = RuleCatalog.Find(name)!;
        Assert.True(rule.OptimizerType.IsPublic, $"{name}: the optimizer class is not public.");
        Assert.NotEmpty(rule.Presets);
        foreach (var preset in rule.Presets)
        {
            Assert.True(preset.CliName.Length > 0 && preset.CliName == preset.CliName.ToLowerInvariant(), $"{name}: preset '{preset.CliName}' needs a lower-case command-line name.");
            Assert.False(string.IsNullOrWhiteSpace(preset.Title), $"{name}: preset '{preset.CliName}' has no title.");
            preset.Options.Validate();
        }

        var own = rule.Hyperparameters.Select(h => h.Name).ToList();
        Assert.Equal(own.Distinct().Count(), own.Count);
        foreach (var h in rule.Hyperparameters)
        {
            var defaults = rule.DefaultOptions;
            Assert.True(h.Get(h.Set(defaults, h.Get(defaults))) == h.Get(defaults), $"{name}: hyperparameter '{h.Name}' does not read back what it writes.");
        }

        var layout = ParameterLayout.Create(("w", [7]));
        var optimizer = rule.Create(layout, 0.01, rule.DefaultOptions);
        Assert.Equal(rule.OptimizerType, optimizer.GetType());
        Assert.Equal(optimizer.StateNames, rule.StateNames(rule.DefaultOptions));
        Assert.Equal((3 + (2 * optimizer.StateNames.Count)) * sizeof(float), rule.BytesPerElement(rule.DefaultOptions));
    }

    [Fact]
    public void Bytes_per_element_count_the_stored_state_precision()
    {
        // Adam: read p and g, write p (12 bytes), read and write m and v in the stored width.
        var adam = RuleCatalog.Find("Adam")!;
        Assert.Equal(28, adam.BytesPerElement(new AdamOptions()));
        Assert.Equal(20, adam.BytesPerElement(new AdamOptions { StatePrecision = StatePrecision.BFloat16 }));
        Assert.Equal(16, adam.BytesPerElement(new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit }));
        Assert.Equal(24, adam.BytesPerElement(new AdamOptions { StatePrecision = StatePrecision.BFloat16, Amsgrad = true }));
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Every_registration_saves_and_loads_a_checkpoint(string name)
    {
        var rule = RuleCatalog.Find(name)!;
        var layout = ParameterLayout.Create(("w", [7]));
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, rule.Create(layout, 0.01, rule.DefaultOptions));
        stream.Position = 0;
        var info = Checkpoint.Load(stream, rule.Create(layout, 0.01, rule.DefaultOptions));
        Assert.Equal(name, info.Kind);
    }

    [Fact]
    public void Command_line_names_are_unique() =>
        Assert.Equal(RuleCatalog.Presets.Count, RuleCatalog.Presets.Select(p => p.CliName).Distinct().Count());
}
