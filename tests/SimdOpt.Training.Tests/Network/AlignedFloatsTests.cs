using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SimdOpt.Parameters;
using SimdOpt.Training.Network;

namespace SimdOpt.Training.Tests.Network;

public sealed class AlignedFloatsTests
{
    private static nuint Address(ReadOnlySpan<float> span) => (nuint)(nint)Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref MemoryMarshal.GetReference(span));

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(64)]
    [InlineData(1000)]
    public void Every_workspace_starts_a_cache_line_and_is_zeroed(int length)
    {
        for (var i = 0; i < 20; i++)
        {
            // Allocations of odd sizes in between move the heap's next free address around.
            _ = new byte[(i * 13) + 1];
            var workspace = AlignedFloats.Allocate(length);
            Assert.Equal(length, workspace.Count);
            Assert.Equal(0u, Address(workspace.AsSpan()) % AlignedFloats.Alignment);
            Assert.All(workspace, value => Assert.Equal(0f, value));
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(44)]
    [InlineData(7)]
    public void The_forward_pass_output_starts_a_cache_line(int batch)
    {
        var network = new DenseNetwork(2, 5, 2, 1);
        network.InitializeHe(3);
        var propagation = new Propagation(network, 64);
        var output = propagation.Forward(new float[2 * batch], batch);
        Assert.Equal(0u, Address(output) % AlignedFloats.Alignment);
    }
}
