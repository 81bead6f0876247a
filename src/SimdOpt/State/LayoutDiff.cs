using System.Text;
using SimdOpt.Parameters;

namespace SimdOpt.State;

/// <summary>Compares the tensors a file declares with a target layout and describes every difference.</summary>
internal static class LayoutDiff
{
    /// <summary>
    /// Null when the file declares exactly the layout's tensors with the same shapes (and, when
    /// <paramref name="checkOrder"/>, in the same order); otherwise a report listing missing and extra
    /// tensors, shape differences and order differences, each list bounded to its first few items and a count
    /// (<see cref="NameSample"/>), so a file of millions of names gives a short message.
    /// </summary>
    public static string? Describe(ParameterLayout layout, IReadOnlyList<(string Name, long[] Shape)> file, bool checkOrder)
    {
        var report = new StringBuilder();
        var fileByName = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var (name, shape) in file)
        {
            fileByName[name] = shape;
        }

        var missing = layout.Tensors.Where(t => !fileByName.ContainsKey(t.Name)).Select(t => t.Name + t.ShapeText);
        var extra = file.Where(f => !layout.TryGet(f.Name, out _)).Select(f => f.Name + Json.ShapeText(f.Shape));
        var shapes = layout.Tensors
            .Where(t => fileByName.TryGetValue(t.Name, out var shape) && !SameShape(t.Shape, shape))
            .Select(t => $"{t.Name}: file {Json.ShapeText(fileByName[t.Name])}, target {t.ShapeText}");
        Append(report, " Missing from the file: ", missing, ", ");
        Append(report, " Not in the target layout: ", extra, ", ");
        Append(report, " Shape differences: ", shapes, "; ");
        if (report.Length == 0 && checkOrder && !file.Select(f => f.Name).SequenceEqual(layout.Tensors.Select(t => t.Name), StringComparer.Ordinal))
        {
            var at = 0;
            while (file[at].Name == layout.Tensors[at].Name)
            {
                at++;
            }

            report.Append(" Same tensors in a different order: from position ").Append(at).Append(" the file has [")
                .Append(NameSample.Of(file.Skip(at).Select(f => f.Name))).Append("], the target [")
                .Append(NameSample.Of(layout.Tensors.Skip(at).Select(t => t.Name))).Append("].");
        }

        return report.Length == 0 ? null : report.ToString();
    }

    private static void Append(StringBuilder report, string title, IEnumerable<string> items, string separator)
    {
        var text = NameSample.Of(items, separator);
        if (text.Length > 0)
        {
            report.Append(title).Append(text).Append('.');
        }
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
