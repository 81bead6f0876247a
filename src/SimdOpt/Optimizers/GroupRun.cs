using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>A maximal contiguous range of the buffer whose tensors share one parameter group.</summary>
internal readonly record struct GroupRun(int Offset, int Length, int Group)
{
    /// <summary>Merges neighbouring tensors of the same group into runs, skipping nothing.</summary>
    public static GroupRun[] Build(ParameterLayout layout, int[] tensorGroups)
    {
        var runs = new List<GroupRun>();
        foreach (var tensor in layout.Tensors)
        {
            var group = tensorGroups[tensor.Index];
            if (runs.Count > 0 && runs[^1].Group == group)
            {
                var last = runs[^1];
                runs[^1] = last with { Length = last.Length + tensor.Length };
            }
            else
            {
                runs.Add(new GroupRun(tensor.Offset, tensor.Length, group));
            }
        }

        return [.. runs];
    }

    /// <summary>The part of this run inside elements <c>[start, end)</c>: its first element and length; false when there is none.</summary>
    public bool Overlap(int start, int end, out int from, out int count)
    {
        from = Math.Max(start, Offset);
        count = Math.Min(end, Offset + Length) - from;
        return count > 0;
    }
}
