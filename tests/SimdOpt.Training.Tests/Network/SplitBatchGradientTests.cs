using SimdOpt.Training.Network;
using SimdOpt.Training.Random;

namespace SimdOpt.Training.Tests.Network;

/// <summary>Backward with an explicit divisor: the parts of a split mini-batch add up to the batch's mean gradient.</summary>
public class SplitBatchGradientTests
{
    private const int M = 9;

    [Fact]
    public void Dividing_by_the_parts_own_size_is_the_plain_backward_pass_bit_for_bit()
    {
        var (network, inputs, labels) = Batch();
        var propagation = new Propagation(network, M);
        propagation.Forward(inputs, M);
        propagation.Backward(inputs, labels);
        var plain = network.Gradients.Span.ToArray();
        propagation.Backward(inputs, labels, meanOver: M);
        Assert.Equal(plain, network.Gradients.Span.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => propagation.Backward(inputs, labels, meanOver: 0));
    }

    [Fact]
    public void Two_parts_divided_by_the_whole_batch_size_sum_to_its_mean_gradient()
    {
        var (network, inputs, labels) = Batch();
        var propagation = new Propagation(network, M);
        propagation.Forward(inputs, M);
        propagation.Backward(inputs, labels);
        var whole = network.Gradients.Span.ToArray();

        var sum = SumOfParts(network, propagation, inputs, labels, ownSize: false);
        for (var i = 0; i < sum.Length; i++)
        {
            Assert.True(Math.Abs(sum[i] - whole[i]) <= 1e-6f * Math.Max(1f, Math.Abs(whole[i])), $"element {i}: parts sum to {sum[i]}, the whole batch gives {whole[i]}");
        }

        // Each part divided by its own size would not be the batch's mean (about twice it).
        var wrong = SumOfParts(network, propagation, inputs, labels, ownSize: true);
        Assert.Contains(wrong.Zip(whole), pair => MathF.Abs(pair.First - pair.Second) > 0.1f * MathF.Abs(pair.Second));
    }

    private static float[] SumOfParts(DenseNetwork network, Propagation propagation, float[] inputs, float[] labels, bool ownSize)
    {
        var sum = new float[network.Gradients.Span.Length];
        foreach (var (from, count) in new[] { (0, 5), (5, 4) })
        {
            var part = new float[2 * count];
            inputs.AsSpan(from, count).CopyTo(part);
            inputs.AsSpan(M + from, count).CopyTo(part.AsSpan(count));
            propagation.Forward(part, count);
            propagation.Backward(part, labels.AsSpan(from, count), meanOver: ownSize ? count : M);
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += network.Gradients.Span[i];
            }
        }

        return sum;
    }

    private static (DenseNetwork Network, float[] Inputs, float[] Labels) Batch()
    {
        var network = new DenseNetwork(2, 4, 3, 1);
        network.InitializeHe(5);
        var random = new NumpyLegacyRandom(11);
        var inputs = new float[2 * M];
        var labels = new float[M];
        for (var j = 0; j < M; j++)
        {
            inputs[j] = (float)random.StandardNormal();
            inputs[M + j] = (float)random.StandardNormal();
            labels[j] = j % 3 == 0 ? 1 : 0;
        }

        return (network, inputs, labels);
    }
}
