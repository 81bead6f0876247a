using SimdOpt.Training.Data;
using SimdOpt.Training.Loop;
using SimdOpt.Training.Random;

namespace SimdOpt.Training.Tests.Loop;

/// <summary>
/// A gathered mini-batch holds, for every feature row and the labels, exactly the examples of the epoch's numpy
/// permutation in their order: every batch, the last and smaller one included, on whatever gather path runs.
/// </summary>
public class MiniBatchesTests
{
    [Theory]
    [InlineData(300, 2, 64, 3u)]   // the course: four batches of 64, then 44 (5 gathers of eight and 4 left)
    [InlineData(61, 3, 16, 10u)]   // a last batch of 13
    [InlineData(7, 1, 8, 11u)]     // one batch, shorter than a gather of eight
    [InlineData(40, 2, 9, 12u)]    // batches of 9 and a last one of 4
    public void Every_batch_holds_the_permuted_examples_in_order(int count, int featureCount, int batchSize, uint seed)
    {
        // Every feature value names its example and row; labels follow a scrambled 0/1 pattern.
        var features = new float[featureCount * count];
        var allLabels = new float[count];
        for (var e = 0; e < count; e++)
        {
            for (var f = 0; f < featureCount; f++)
            {
                features[(f * count) + e] = e + (1000f * f) + 0.25f;
            }

            allLabels[e] = ((uint)e * 2654435761u) >> 31;
        }

        var batches = new MiniBatches(new Dataset(features, allLabels, featureCount), batchSize);
        var permutation = new int[count];
        new NumpyLegacyRandom(seed).Permutation(permutation);
        batches.Shuffle(seed);

        var start = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            var m = batches.Gather(b, out var inputs, out var labels);
            Assert.Equal(Math.Min(batches.BatchSize, count - start), m);
            Assert.Equal(featureCount * m, inputs.Length);
            Assert.Equal(m, labels.Length);
            for (var k = 0; k < m; k++)
            {
                var example = permutation[start + k];
                for (var f = 0; f < featureCount; f++)
                {
                    Assert.Equal(features[(f * count) + example], inputs[(f * m) + k]);
                }

                Assert.Equal(allLabels[example], labels[k]);
            }

            start += m;
        }

        Assert.Equal(count, start);
    }
}
