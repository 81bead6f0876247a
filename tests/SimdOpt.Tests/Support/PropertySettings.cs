using FsCheck;
using FsCheck.Fluent;

namespace SimdOpt.Tests.Support;

/// <summary>
/// One setting for every property's case count: SIMDOPT_PROPERTY_CASES (default 100). A deep run is
/// <c>SIMDOPT_PROPERTY_CASES=10000 dotnet test tests/SimdOpt.Tests</c>.
/// </summary>
public static class PropertySettings
{
    public static int Cases { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("SIMDOPT_PROPERTY_CASES"), out var n) && n > 0 ? n : 100;

    public static Config Config => Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true);

    /// <summary>Runs <paramref name="body"/> on <see cref="Cases"/> cases drawn from <paramref name="arbitrary"/>; throws with the shrunk counterexample on failure.</summary>
    public static void Check<T>(Arbitrary<T> arbitrary, Action<T> body) => Prop.ForAll(arbitrary, body).Check(Config);
}
