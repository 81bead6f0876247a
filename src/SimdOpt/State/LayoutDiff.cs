using System.Text;
using SimdOpt.Parameters;

namespace SimdOpt.State;

/// <summary>Compares the tensors a file declares with a target layout and describes every difference.</summary>
internal static class LayoutDiff
{
    /// <summary>
    /// Null when the file declares exactly the layout's tensors with the same shapes (and, when
    /// <paramref name="checkOrder"/>, in the same order); otherwise a report listing missing and extra
    /// tensors, shape differences and order differences.
    /// </summary>
    public static string? Describe(ParameterLayout layout, IReadOnlyList<(string Name, long[] Shape)> file, bool checkOrder)
    {
        var report = new StringBuilder();
        var fileByName = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var (name, shape) in file)
        {
            fileByName[name] = shape;
        }

        var missing = layout.Tensors.Where(t => !fileByName.ContainsKey(t.Name)).Select(t => t.Name + t.ShapeText).ToList();
        var extra = file.Where(f => !layout.TryGet(f.Name, out _)).Select(f => f.Name + Json.ShapeText(f.Shape)).ToList();
        var shapes = new List<string>();
        foreach (var tensor in layout.Tensors)
        {
            if (fileByName.TryGetValue(tensor.Name, out var shape) && !SameShape(tensor.Shape, shape))
            {
                shapes.Add($"{tensor.Name}: file {Json.ShapeText(shape)}, target {tensor.ShapeText}");
            }
        }

        if (missing.Count > 0)
        {
            report.Append(" Missing from the file: ").Append(string.Join(", ", missing)).Append('.');
        }

        if (extra.Count > 0)
        {
            report.Append(" Not in the target layout: ").Append(string.Join(", ", extra)).Append('.');
        }

        if (shapes.Count > 0)
        {
            report.Append(" Shape differences: ").Append(string.Join("; ", shapes)).Append('.');
        }

        if (report.Length == 0 && checkOrder && !file.Select(f => f.Name).SequenceEqual(layout.Tensors.Select(t => t.Name), StringComparer.Ordinal))
        {
            report.Append(" Same tensors in a different order: file [").Append(string.Join(", ", file.Select(f => f.Name)))
                .Append("], target [").Append(string.Join(", ", layout.Tensors.Select(t => t.Name))).Append("].");
        }

        return report.Length == 0 ? null : report.ToString();
    }

    private static bool SameShape(ReadOnlySpan<int> target, long[] file)
    {
        if (target.Length != file.Length)
        {
            return false;
        }

        for (var i = 0; i < file.Length; i++)
        {
            if (target[i] != file[i])
            {
                return false;
            }
        }

        return true;
    }
}
