using System.Reflection;
using PublicApiGenerator;
using SimdOpt.Optimizers;

namespace SimdOpt.Tests;

/// <summary>
/// The public API of each package is listed in <c>api/&lt;Assembly&gt;.txt</c>; a change to it must be deliberate.
/// To accept a change, run <c>SIMDOPT_UPDATE_API=1 dotnet test tests/SimdOpt.Tests --filter FullyQualifiedName~PublicApiTests</c>
/// from the repository root and commit the rewritten files.
/// </summary>
public class PublicApiTests
{
    public static TheoryData<string> Assemblies() => new() { "SimdOpt", "SimdOpt.Testing" };

    private static Assembly Load(string name) => name switch
    {
        "SimdOpt" => typeof(Optimizer).Assembly,
        "SimdOpt.Testing" => typeof(ReferenceAssert).Assembly,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

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

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void The_public_api_matches_the_checked_in_listing(string assembly)
    {
        var actual = Load(assembly).GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }).ReplaceLineEndings("\n");
        var path = Path.Combine(RepositoryRoot(), "api", assembly + ".txt");
        if (Environment.GetEnvironmentVariable("SIMDOPT_UPDATE_API") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        if (expected == actual)
        {
            return;
        }

        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var removed = expectedLines.Except(actualLines).Take(20).Select(l => "- " + l.Trim());
        var added = actualLines.Except(expectedLines).Take(20).Select(l => "+ " + l.Trim());
        Assert.Fail(
            $"The public API of {assembly} differs from api/{assembly}.txt{(File.Exists(path) ? "" : " (the file is missing)")}.\n" +
            "If the change is intended, regenerate the listing from the repository root and commit it:\n" +
            "    SIMDOPT_UPDATE_API=1 dotnet test tests/SimdOpt.Tests --filter FullyQualifiedName~PublicApiTests\n" +
            "Differences (first 20 each way):\n" + string.Join("\n", removed.Concat(added)));
    }
}
