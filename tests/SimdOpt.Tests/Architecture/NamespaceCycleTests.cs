using SimdOpt.Optimizers;

namespace SimdOpt.Tests.Architecture;

/// <summary>
/// The namespaces of the SimdOpt library form layers: no namespace uses, directly or through others, a namespace that
/// uses it back. The graph comes from the compiled assembly (<see cref="AssemblyNamespaces"/>), so every kind of
/// reference counts, not only <c>using</c> lines.
/// </summary>
public class NamespaceCycleTests
{
    [Fact]
    public void The_library_namespaces_have_no_cycle()
    {
        var graph = AssemblyNamespaces.Read(typeof(Optimizer).Assembly.Location, "SimdOpt");
        var cycles = graph.Cycles();

        Assert.True(
            cycles.Count == 0,
            "Namespaces that use each other (move a type to the namespace it belongs to):\n" +
            string.Join("\n", cycles.Select(c => $"{string.Join(" <-> ", c)}:\n{string.Join("\n", graph.Describe(c))}")));
    }

    [Fact]
    public void The_graph_sees_the_library_layers()
    {
        var graph = AssemblyNamespaces.Read(typeof(Optimizer).Assembly.Location, "SimdOpt");

        Assert.Contains("SimdOpt.Kernels", graph.Targets("SimdOpt.Optimizers"));
        Assert.Contains("SimdOpt.Parameters", graph.Targets("SimdOpt.Optimizers"));
        Assert.Contains("SimdOpt.Optimizers", graph.Targets("SimdOpt.Catalog"));
    }

    [Fact]
    public void Cycles_finds_each_group_that_reaches_itself_and_nothing_else()
    {
        var graph = new NamespaceGraph();
        graph.Add("A", "B", "a uses b");
        graph.Add("B", "C", "b uses c");
        graph.Add("C", "A", "c uses a");
        graph.Add("C", "D", "c uses d");
        graph.Add("D", "E", "d uses e");
        graph.Add("E", "D", "e uses d");
        graph.Add("E", "F", "e uses f");
        graph.Add("F", "F", "f uses itself");

        var cycles = graph.Cycles().Select(c => string.Join(",", c)).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["A,B,C", "D,E"], cycles);
        Assert.Contains("  C -> A: c uses a", graph.Describe(["A", "B", "C"]));
    }

    [Fact]
    public void A_layered_graph_has_no_cycle()
    {
        var graph = new NamespaceGraph();
        graph.Add("A", "B", "a uses b");
        graph.Add("A", "C", "a uses c");
        graph.Add("B", "C", "b uses c");

        Assert.Empty(graph.Cycles());
    }
}
