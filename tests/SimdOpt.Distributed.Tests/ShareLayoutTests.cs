using SimdOpt.Distributed.Sharding;
using SimdOpt.Distributed.State;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.State;

namespace SimdOpt.Distributed.Tests;

public class ShareLayoutTests
{
    private static readonly ParameterLayout Layout = new ParameterLayout.Builder()
        .Add("W1", 40, 30).Add("b1", 40).Add("W2", 7, 40).Add("b2", 7).Build();

    private static Adam CreateAdam(ParameterLayout layout) => new(layout, 1e-2, new AdamOptions { WeightDecay = 0.01 }, [
        ParameterGroup<AdamOptions>.ForTensors("biases", AdamOptions.AdamW(0.2), "b1", "b2") with { LearningRateScale = 0.5 }]);

    [Fact]
    public void A_cut_tensor_becomes_a_one_dimensional_piece_and_whole_tensors_keep_their_shapes()
    {
        var share = ShareLayout.For(Layout, 1190, 100);
        Assert.Equal(["W1", "b1", "W2"], share.Tensors.Select(t => t.Name));
        Assert.Equal([10], share["W1"].Shape.ToArray());
        Assert.Equal([40], share["b1"].Shape.ToArray());
        Assert.Equal([50], share["W2"].Shape.ToArray());
        Assert.Equal(100, share.TotalLength);
        Assert.Equal(0, ShareLayout.For(Layout, 5, 0).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => ShareLayout.For(Layout, Layout.TotalLength - 1, 2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Share_optimizers_stepped_apart_equal_one_whole_optimizer(int ranks)
    {
        var plan = new ShardPlan(Layout.TotalLength, ranks);
        var whole = CreateAdam(Layout);
        var shares = Enumerable.Range(0, ranks).Select(r => CreateAdam(ShareLayout.For(Layout, plan.Start(r), plan.Length(r)))).ToArray();
        var expected = new ParameterBuffer(Layout);
        var actual = new ParameterBuffer(Layout);
        var gradients = expected.CreateSibling();
        var random = new Random(7);
        for (var i = 0; i < expected.Span.Length; i++)
        {
            expected.Span[i] = actual.Span[i] = (float)random.NextDouble();
        }

        for (var step = 0; step < 5; step++)
        {
            for (var i = 0; i < gradients.Span.Length; i++)
            {
                gradients.Span[i] = (float)(random.NextDouble() - 0.5);
            }

            whole.Step(expected, gradients);
            for (var r = 0; r < ranks; r++)
            {
                shares[r].Step(actual.Span.Slice(plan.Start(r), plan.Length(r)), gradients.Span.Slice(plan.Start(r), plan.Length(r)));
            }
        }

        Assert.True(expected.Span.SequenceEqual(actual.Span));
        for (var r = 0; r < ranks; r++)
        {
            foreach (var name in whole.StateNames)
            {
                Assert.True(whole.State(name).Span.Slice(plan.Start(r), plan.Length(r)).SequenceEqual(shares[r].State(name).Span), $"{name} of share {r}");
            }
        }
    }

    [Fact]
    public void A_state_split_into_share_files_merges_back_to_the_same_checkpoint_bytes()
    {
        var folder = Directory.CreateTempSubdirectory("simdopt-shards-");
        try
        {
            var whole = CreateAdam(Layout);
            var parameters = new ParameterBuffer(Layout);
            var gradients = parameters.CreateSibling();
            for (var step = 1; step <= 3; step++)
            {
                for (var i = 0; i < gradients.Span.Length; i++)
                {
                    gradients.Span[i] = MathF.Sin(i * step);
                }

                whole.Step(parameters, gradients);
            }

            var prefix = Path.Combine(folder.FullName, "adam");
            ShardedCheckpoint.Split(prefix, 3, whole, CreateAdam);
            Assert.True(File.Exists(ShardedCheckpoint.SharePath(prefix, 2, 3)));
            var merged = CreateAdam(Layout);
            ShardedCheckpoint.Merge(prefix, 3, merged, CreateAdam);
            Assert.Equal(Bytes(whole), Bytes(merged));

            // The wrong number of shares is refused before anything changes.
            var untouched = CreateAdam(Layout);
            Assert.ThrowsAny<IOException>(() => ShardedCheckpoint.Merge(prefix, 2, untouched, CreateAdam));
            Assert.Equal(0, untouched.StepCount);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static byte[] Bytes(Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, optimizer);
        return stream.ToArray();
    }
}
