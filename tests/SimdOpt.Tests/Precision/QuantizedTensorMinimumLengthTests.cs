using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Precision;
using SimdOpt.Reference;
using SimdOpt.State;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Precision;

/// <summary><see cref="OptimizerOptions.QuantizedTensorMinimumLength"/>: which tensors 8-bit state quantizes, and its validation.</summary>
public class QuantizedTensorMinimumLengthTests
{
    private const double LearningRate = 1e-3;

    [Fact]
    public void A_lowered_minimum_quantizes_the_tensors_that_reach_it_as_the_reference_does()
    {
        // b (10 elements) stays float32; w (300 elements from offset 10) reaches the minimum of 300 and is quantized in
        // two pieces, [10, 256) and [256, 310), each with its own scale.
        var layout = ParameterLayout.Create(("b", [10]), ("w", [300]));
        var options = new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit, QuantizedTensorMinimumLength = 300 };
        var adam = new Adam(layout, LearningRate, options);
        var floatAdam = new Adam(layout, LearningRate);
        var parameters = new ParameterBuffer(layout);
        var floatParameters = parameters.CreateSibling();
        var gradients = parameters.CreateSibling();
        var expected = new float[300];
        var m = new ReferenceBlockwise8Bit.QuantizedState(300, 10, signed: true);
        var v = new ReferenceBlockwise8Bit.QuantizedState(300, 10, signed: false);
        for (long t = 1; t <= 4; t++)
        {
            AllRules.Fill(gradients.Span, (int)t);
            adam.Step(parameters, gradients);
            floatAdam.Step(floatParameters, gradients);
            var step = t;
            ReferenceBlockwise8Bit.Step(expected, gradients["w"], 10, m, v, null, (p, g, s0, s1, s2) => ReferenceAdam.Step(p, g, s0, s1, s2, new AdamOptions(), LearningRate, step));
        }

        Bits.Equal(expected, parameters["w"], "parameters of w");
        var storage = (Blockwise8BitState)adam.ReducedState!;
        Assert.Equal(300, storage.MinimumTensorLength);
        Assert.Equal(2, storage.Scales(0).Length);
        Bits.Equal(m.Scales, storage.Scales(0), "exp_avg scales");
        Bits.Equal(v.Scales, storage.Scales(1), "exp_avg_sq scales");
        Assert.Equal(m.Codes, storage.Codes(0)[10..].ToArray());
        Assert.Equal(v.Codes, storage.Codes(1)[10..].ToArray());
        Bits.Equal(floatParameters["b"], parameters["b"], "parameters of b");
        Bits.Equal(floatAdam.State("exp_avg", "b"), adam.State("exp_avg", "b"), "exp_avg of b");
    }

    [Fact]
    public void One_past_the_tensor_length_keeps_it_float32_and_the_default_is_4096()
    {
        var layout = ParameterLayout.Create(("w", [300]));
        var floatBits = Trained(layout, new AdamOptions());
        Assert.Equal(floatBits, Trained(layout, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit, QuantizedTensorMinimumLength = 301 }));
        Assert.Equal(floatBits, Trained(layout, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit }));
        Assert.NotEqual(floatBits, Trained(layout, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit, QuantizedTensorMinimumLength = 1 }));

        var large = ParameterLayout.Create(("w", [4096]));
        Assert.Equal(
            Trained(large, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit }),
            Trained(large, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit, QuantizedTensorMinimumLength = OptimizerOptions.DefaultQuantizedTensorMinimumLength }));
        Assert.NotEqual(Trained(large, new AdamOptions()), Trained(large, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit }));
    }

    [Fact]
    public void A_checkpoint_carries_the_minimum_and_loads_only_with_the_same_one()
    {
        var layout = ParameterLayout.Create(("w", [300]), ("b", [10]));
        var options = new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit, QuantizedTensorMinimumLength = 100 };
        var adam = new Adam(layout, LearningRate, options);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(gradients.Span, 2);
        adam.Step(parameters, gradients);
        using var file = new MemoryStream();
        Checkpoint.Save(file, adam, parameters);
        Assert.Contains("\"quantized_tensor_minimum_length\":100", System.Text.Encoding.UTF8.GetString(file.ToArray()), StringComparison.Ordinal);

        var restored = new Adam(layout, LearningRate, options);
        var restoredParameters = parameters.CreateSibling();
        file.Position = 0;
        Checkpoint.Load(file, restored, restoredParameters);
        adam.Step(parameters, gradients);
        restored.Step(restoredParameters, gradients);
        Bits.Equal(parameters.Span, restoredParameters.Span, "the step after the restore");

        var other = new Adam(layout, LearningRate, options with { QuantizedTensorMinimumLength = null });
        file.Position = 0;
        var error = Assert.Throws<StateFileMismatchException>(() => Checkpoint.Load(file, other, parameters.CreateSibling()));
        Assert.Contains("quantized_tensor_minimum_length", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4096)]
    public void A_minimum_below_1_is_refused(int minimum)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(ParameterLayout.Create(("w", [8])), LearningRate, new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit, QuantizedTensorMinimumLength = minimum }));
        Assert.Equal(nameof(OptimizerOptions.QuantizedTensorMinimumLength), error.ParamName);
    }

    [Theory]
    [InlineData(StatePrecision.Float32)]
    [InlineData(StatePrecision.BFloat16)]
    public void A_minimum_without_8_bit_state_is_refused(StatePrecision precision)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(ParameterLayout.Create(("w", [8])), LearningRate, new AdamOptions { StatePrecision = precision, QuantizedTensorMinimumLength = 100 }));
        Assert.Equal(nameof(OptimizerOptions.QuantizedTensorMinimumLength), error.ParamName);
        Assert.Contains(precision.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_with_another_minimum_is_refused()
    {
        var layout = ParameterLayout.Create(("w", [300]), ("b", [10]));
        var options = new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit, QuantizedTensorMinimumLength = 100 };
        var group = ParameterGroup<AdamOptions>.ForTensors("bias", options with { QuantizedTensorMinimumLength = null }, "b");
        var error = Assert.Throws<ArgumentException>(() => new Adam(layout, LearningRate, options, [group]));
        Assert.Contains("minimum length", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Trained(ParameterLayout layout, AdamOptions options)
    {
        var adam = new Adam(layout, LearningRate, options);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        for (var t = 1; t <= 3; t++)
        {
            AllRules.Fill(gradients.Span, t);
            adam.Step(parameters, gradients);
        }

        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(parameters.Span).ToArray();
    }
}
