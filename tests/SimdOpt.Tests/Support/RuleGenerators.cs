using System.Reflection;
using FsCheck;

namespace SimdOpt.Tests.Support;

/// <summary>
/// Every rule generator SimdOpt.Testing's <see cref="Rules"/> declares (each public static <c>Gen&lt;RuleSetup&gt;</c>
/// but <see cref="Rules.Any"/>), found by reflection, so tests driven from here cover a rule as soon as it is added there.
/// </summary>
public static class RuleGenerators
{
    private static readonly Dictionary<string, Gen<RuleSetup>> ByName = typeof(Rules)
        .GetProperties(BindingFlags.Public | BindingFlags.Static)
        .Where(p => p.PropertyType == typeof(Gen<RuleSetup>) && p.Name != nameof(Rules.Any))
        .ToDictionary(p => p.Name, p => (Gen<RuleSetup>)p.GetValue(null)!);

    public static IEnumerable<string> Names => ByName.Keys.Order(StringComparer.Ordinal);

    public static Gen<RuleSetup> Get(string name) => ByName[name];
}
