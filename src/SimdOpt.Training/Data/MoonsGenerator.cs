using SimdOpt.Training.Random;

namespace SimdOpt.Training.Data;

/// <summary>
/// Two interleaving half circles, as scikit-learn's <c>make_moons(n, noise=noise)</c> draws them from numpy's
/// legacy global generator after <c>np.random.seed(seed)</c>: the outer moon (label 0) then the inner moon
/// (label 1) on evenly spaced angles, the examples shuffled, then Gaussian noise added to x1 and x2 of each
/// example in turn.
/// </summary>
public static class MoonsGenerator
{
    /// <summary>Generates the data set.</summary>
    /// <param name="count">The number of examples (at least 2).</param>
    /// <param name="noise">The standard deviation of the Gaussian noise (0 for none).</param>
    /// <param name="seed">The numpy seed.</param>
    /// <returns>The data set.</returns>
    public static Dataset Generate(int count, double noise, uint seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        if (!double.IsFinite(noise) || noise < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "The noise must be a finite number >= 0.");
        }

        var outer = count / 2;
        var inner = count - outer;
        var x = new double[count];
        var y = new double[count];
        var labels = new float[count];
        for (var i = 0; i < outer; i++)
        {
            var angle = Angle(i, outer);
            x[i] = Math.Cos(angle);
            y[i] = Math.Sin(angle);
        }

        for (var i = 0; i < inner; i++)
        {
            var angle = Angle(i, inner);
            x[outer + i] = 1 - Math.Cos(angle);
            y[outer + i] = 1 - Math.Sin(angle) - 0.5;
            labels[outer + i] = 1;
        }

        var random = new NumpyLegacyRandom(seed);
        var order = new int[count];
        random.Permutation(order);
        var features = new float[2 * count];
        var shuffledLabels = new float[count];
        for (var j = 0; j < count; j++)
        {
            var source = order[j];
            var noiseX = noise * random.StandardNormal();
            var noiseY = noise * random.StandardNormal();
            features[j] = (float)(x[source] + noiseX);
            features[count + j] = (float)(y[source] + noiseY);
            shuffledLabels[j] = labels[source];
        }

        return new Dataset(features, shuffledLabels, 2);
    }

    /// <summary>numpy's <c>linspace(0, pi, n)[i]</c>: <c>i * (pi / (n - 1))</c>, with the last point exactly pi.</summary>
    private static double Angle(int i, int n) => n == 1 ? 0 : i == n - 1 ? Math.PI : i * (Math.PI / (n - 1));
}
