using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Parameters;

namespace SimdOpt.Tests.Support;

/// <summary>A layout of a few tensors and cut points that split its buffer into ranges stepped apart.</summary>
public sealed record SplitBuffers(int[] TensorLengths, int[] Cuts)
{
    /// <summary><paramref name="tensors"/> tensors of 1 to <paramref name="maxLength"/> elements, cut at <paramref name="cuts"/> random points.</summary>
    public static Gen<SplitBuffers> Any(int tensors = 3, int maxLength = 150, int cuts = 3) =>
        from lengths in Gen.ArrayOf(Gen.Choose(1, maxLength), tensors)
        from points in Gen.ArrayOf(Gen.Choose(0, lengths.Sum()), cuts)
        select new SplitBuffers(lengths, points);

    /// <summary>The tensors <c>t0</c>, <c>t1</c>, ... of these lengths.</summary>
    public ParameterLayout Layout()
    {
        var builder = new ParameterLayout.Builder();
        for (var i = 0; i < TensorLengths.Length; i++)
        {
            builder.Add($"t{i}", TensorLengths[i]);
        }

        return builder.Build();
    }

    /// <summary>The ranges <c>(start, length)</c> between the cut points, in buffer order, covering the whole buffer.</summary>
    public (int Start, int Length)[] Ranges()
    {
        var bounds = Cuts.Append(0).Append(TensorLengths.Sum()).Distinct().Order().ToArray();
        return [.. bounds.Zip(bounds.Skip(1), (from, to) => (from, to - from))];
    }

    public override string ToString() => $"tensors=[{string.Join(",", TensorLengths)}], cuts=[{string.Join(",", Cuts)}]";
}
