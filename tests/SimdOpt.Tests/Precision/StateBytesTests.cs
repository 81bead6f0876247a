using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Precision;

namespace SimdOpt.Tests.Precision;

/// <summary><see cref="Optimizer.StateBytes"/> counts every state buffer as it is stored, for each precision.</summary>
public class StateBytesTests
{
    private static readonly ParameterLayout Layout = ParameterLayout.Create(("b", [100]), ("W", [5000]));

    [Fact]
    public void Float32_and_bfloat16_state_count_4_and_2_bytes_per_element_and_buffer()
    {
        Assert.Equal(2L * 5100 * 4, new Adam(Layout, 1e-3).StateBytes);
        Assert.Equal(2L * 5100 * 2, new Adam(Layout, 1e-3, new AdamOptions { StatePrecision = StatePrecision.BFloat16 }).StateBytes);
        Assert.Equal(3L * 5100 * 2, new Adam(Layout, 1e-3, new AdamOptions { Amsgrad = true, StatePrecision = StatePrecision.BFloat16 }).StateBytes);
        Assert.Equal(0L, new Sgd(Layout, 1e-3, new SgdOptions { StatePrecision = StatePrecision.BFloat16 }).StateBytes);
    }

    [Fact]
    public void Eight_bit_state_counts_codes_block_scales_and_the_small_tensors_float32_state()
    {
        var adam = new Adam(Layout, 1e-3, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit });
        var storage = (Blockwise8BitState)adam.ReducedState!;

        // W = [100, 5100): the head piece [100, 256), 18 blocks up to 4,864 and the tail [4864, 5100): 20 scales.
        Assert.Equal(20, storage.Scales(0).Length);
        Assert.Equal(100, storage.Floats(0).Length);
        Assert.Equal(2L * (5100 + (4 * 20) + (4 * 100)), adam.StateBytes);
    }
}
