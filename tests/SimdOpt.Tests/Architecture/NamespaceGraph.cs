namespace SimdOpt.Tests.Architecture;

/// <summary>
/// A directed graph of namespaces: an edge <c>A -> B</c> says some type of A uses some type of B, with the first few
/// pairs of types that show it. <see cref="Cycles"/> returns every group of namespaces that reach each other.
/// </summary>
public sealed class NamespaceGraph
{
    private const int EvidencePerEdge = 3;

    private readonly SortedDictionary<string, SortedDictionary<string, List<string>>> _edges = new(StringComparer.Ordinal);

    /// <summary>Records that <paramref name="from"/> uses <paramref name="to"/>; <paramref name="evidence"/> names the types.</summary>
    public void Add(string from, string to, string evidence)
    {
        if (from == to)
        {
            return;
        }

        if (!_edges.TryGetValue(from, out var targets))
        {
            _edges[from] = targets = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        }

        if (!targets.TryGetValue(to, out var examples))
        {
            targets[to] = examples = [];
        }

        if (examples.Count < EvidencePerEdge && !examples.Contains(evidence))
        {
            examples.Add(evidence);
        }

        _edges.TryAdd(to, new SortedDictionary<string, List<string>>(StringComparer.Ordinal));
    }

    /// <summary>The namespaces <paramref name="from"/> uses directly.</summary>
    public IEnumerable<string> Targets(string from) => _edges.TryGetValue(from, out var targets) ? targets.Keys : [];

    /// <summary>The types that show the edge <paramref name="from"/> -> <paramref name="to"/>.</summary>
    public IReadOnlyList<string> Evidence(string from, string to) => _edges[from][to];

    /// <summary>
    /// The strongly connected components with more than one namespace (Tarjan's algorithm), each sorted by name:
    /// empty exactly when the graph has no cycle.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Targets(node))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);

                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    components.Add(component);
                }
            }
        }

        foreach (var node in _edges.Keys)
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components;
    }

    /// <summary>Every edge inside <paramref name="component"/>, one line each with its evidence.</summary>
    public IEnumerable<string> Describe(IReadOnlyList<string> component) =>
        from source in component
        from target in Targets(source)
        where component.Contains(target)
        select $"  {source} -> {target}: {string.Join("; ", Evidence(source, target))}";
}
