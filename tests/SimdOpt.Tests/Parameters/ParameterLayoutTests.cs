using SimdOpt.Parameters;

namespace SimdOpt.Tests.Parameters;

public class ParameterLayoutTests
{
    [Fact]
    public void Tensors_are_packed_in_order()
    {
        var layout = new ParameterLayout.Builder().Add("W1", 5, 2).Add("b1", 5, 1).Add("W2", 2, 5).Build();
        Assert.Equal(25, layout.TotalLength);
        Assert.Equal([0, 10, 15], layout.Tensors.Select(t => t.Offset));
        Assert.Equal([10, 5, 10], layout.Tensors.Select(t => t.Length));
        Assert.Equal("(2, 5)", layout["W2"].ShapeText);
        Assert.Equal([2, 5], layout["W2"].Shape.ToArray());
    }

    [Fact]
    public void Unknown_names_are_clear_errors()
    {
        var layout = ParameterLayout.Create(("W1", [2, 2]));
        var error = Assert.Throws<KeyNotFoundException>(() => layout["W7"]);
        Assert.Contains("W7", error.Message, StringComparison.Ordinal);
        Assert.Contains("W1", error.Message, StringComparison.Ordinal);
        Assert.False(layout.TryGet("W7", out _));
    }

    [Fact]
    public void Bad_tensors_are_rejected()
    {
        var builder = new ParameterLayout.Builder().Add("W", 2);
        Assert.Throws<ArgumentException>(() => builder.Add("W", 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add("X", 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add("X", -1));
        Assert.Throws<ArgumentException>(() => builder.Add("X"));
        Assert.Throws<ArgumentException>(() => builder.Add(" ", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParameterLayout.Builder().Add("huge", 1 << 16, 1 << 16).Build());
    }

    [Fact]
    public void Layouts_with_the_same_names_and_shapes_are_equal()
    {
        var a = ParameterLayout.Create(("W", [2, 3]), ("b", [2]));
        var b = ParameterLayout.Create(("W", [2, 3]), ("b", [2]));
        var c = ParameterLayout.Create(("W", [3, 2]), ("b", [2]));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }
}
