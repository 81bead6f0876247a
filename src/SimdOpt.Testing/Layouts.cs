using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Parameters;

namespace SimdOpt.Testing;

/// <summary>FsCheck generators of <see cref="ParameterLayout"/>s.</summary>
public static class Layouts
{
    /// <summary>A shape of 1 to 3 positive dimensions whose product is at most <paramref name="maxElements"/>.</summary>
    public static Gen<int[]> Shape(int maxElements)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxElements, 1);
        return from rank in Gen.Choose(1, 3)
               from dims in Gen.ArrayOf(Gen.Choose(1, Math.Max(1, (int)Math.Pow(maxElements, 1.0 / rank))), rank)
               select dims;
    }

    /// <summary>
    /// A layout of 1 to <paramref name="maxTensors"/> tensors named <c>t0</c>, <c>t1</c>, ... with shapes from
    /// <see cref="Shape(int)"/> of at most <paramref name="maxElementsPerTensor"/> elements each.
    /// </summary>
    public static Gen<ParameterLayout> Small(int maxTensors = 5, int maxElementsPerTensor = 150)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTensors, 1);
        return from count in Gen.Choose(1, maxTensors)
               from shapes in Gen.ArrayOf(Shape(maxElementsPerTensor), count)
               select Build(shapes);
    }

    /// <summary>A layout of tensors <c>t0</c>, <c>t1</c>, ... with the given shapes, in order.</summary>
    public static ParameterLayout Build(IReadOnlyList<int[]> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        var builder = new ParameterLayout.Builder();
        for (var i = 0; i < shapes.Count; i++)
        {
            builder.Add($"t{i}", shapes[i]);
        }

        return builder.Build();
    }

    /// <summary>A layout of one tensor <c>w</c> of <paramref name="length"/> elements, or the empty layout for 0.</summary>
    public static ParameterLayout SingleTensor(int length) =>
        length == 0 ? new ParameterLayout.Builder().Build() : ParameterLayout.Create(("w", [length]));
}
