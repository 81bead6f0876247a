using System.Runtime.CompilerServices;
using SimdOpt.Parameters;

namespace SimdOpt.Tests.Parameters;

public class ParameterBufferTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(65_537)]
    public unsafe void Block_is_zeroed_and_64_byte_aligned(int length)
    {
        for (var i = 0; i < 20; i++)
        {
            var buffer = new ParameterBuffer(ParameterLayout.Create(("w", [length])));
            var address = (nuint)Unsafe.AsPointer(ref buffer.Span[0]);
            Assert.Equal(0u, address % ParameterBuffer.Alignment);
            Assert.All(buffer.Span.ToArray(), x => Assert.Equal(0f, x));
        }
    }

    [Fact]
    public void Views_cover_the_block_without_overlap()
    {
        var layout = ParameterLayout.Create(("W1", [5, 2]), ("b1", [5, 1]), ("W2", [1, 5]));
        var buffer = new ParameterBuffer(layout);
        foreach (var tensor in layout.Tensors)
        {
            buffer[tensor.Name].Fill(tensor.Index + 1);
        }

        float[] expected = [.. Enumerable.Repeat(1f, 10), .. Enumerable.Repeat(2f, 5), .. Enumerable.Repeat(3f, 5)];
        Assert.Equal(expected, buffer.Span.ToArray());
        Assert.False(buffer["W1"].Overlaps(buffer["b1"]));
        Assert.Equal(5, buffer.Tensor(1).Length);
    }

    [Fact]
    public void Unknown_or_foreign_tensors_are_clear_errors()
    {
        var buffer = new ParameterBuffer(ParameterLayout.Create(("W", [2])));
        Assert.Throws<KeyNotFoundException>(() => buffer["b"].Length);
        var foreign = ParameterLayout.Create(("W", [2]))["W"];
        Assert.Throws<ArgumentException>(() => buffer[foreign].Length);
    }

    [Fact]
    public void Siblings_share_the_layout_not_the_memory()
    {
        var buffer = new ParameterBuffer(ParameterLayout.Create(("W", [4])));
        var gradients = buffer.CreateSibling();
        Assert.Same(buffer.Layout, gradients.Layout);
        Assert.False(buffer.Span.Overlaps(gradients.Span));
        gradients.Span.Fill(2);
        buffer.CopyFrom(gradients);
        Assert.Equal([2f, 2f, 2f, 2f], buffer.Span.ToArray());
        Assert.Throws<ArgumentException>(() => buffer.CopyFrom(new ParameterBuffer(ParameterLayout.Create(("V", [4])))));
    }
}
