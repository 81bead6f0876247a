using FsCheck;
using SimdOpt.Catalog;

namespace SimdOpt.Tests.Support;

/// <summary>
/// A generator per rule of <see cref="RuleCatalog"/> (SimdOpt.Testing's <see cref="Rules.For(string)"/>), so tests
/// driven from here cover a rule as soon as it is registered.
/// </summary>
public static class RuleGenerators
{
    public static IEnumerable<string> Names => RuleCatalog.Rules.Select(r => r.Name).Order(StringComparer.Ordinal);

    public static Gen<RuleSetup> Get(string name) => Rules.For(name);
}
