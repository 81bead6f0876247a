using SimdOpt.Training.Random;

namespace SimdOpt.Training.Tests.Random;

public class NumpyLegacyRandomTests
{
    [Theory]
    [InlineData(3u, "seed3_randn_10")]
    [InlineData(1u, "seed1_randn_10")]
    public void Randn_matches_numpy_bit_for_bit(uint seed, string key)
    {
        var random = new NumpyLegacyRandom(seed);
        var expected = Fingerprints.Doubles(key);
        var actual = expected.Select(_ => random.StandardNormal()).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Precomputed_states_of_consecutive_seeds_give_the_same_draws_as_seeding()
    {
        // Consecutive seeds (the trainer's), a jump back, and a block that wraps past 2^32 - 1.
        uint[] seeds = [11, 12, 13, 14, 15, 16, 3, 4, uint.MaxValue - 1, uint.MaxValue, 0, 1];
        var states = new SeededStates();
        var precomputed = new NumpyLegacyRandom(0);
        foreach (var seed in seeds)
        {
            var expected = new NumpyLegacyRandom(seed);
            precomputed.Seed(states, seed);
            for (var k = 0; k < 700; k++)
            {
                Assert.Equal(expected.NextUInt32(), precomputed.NextUInt32());
            }
        }
    }

    [Theory]
    [InlineData(2000u, 7u)]
    [InlineData(300u, 11u)]
    [InlineData(1u, 3u)]
    public void Shuffle_gives_the_order_of_one_Interval_draw_per_element(uint length, uint seed)
    {
        // Long enough to cross the 624-output blocks of MT19937; the reference is the textbook loop over Interval.
        var expected = Enumerable.Range(0, (int)length).ToArray();
        var reference = new NumpyLegacyRandom(seed);
        for (var i = expected.Length - 1; i > 0; i--)
        {
            var j = (int)reference.Interval((uint)i);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }

        var actual = new int[length];
        var random = new NumpyLegacyRandom(seed);
        random.Permutation(actual);

        Assert.Equal(expected, actual);
        Assert.Equal(reference.NextUInt32(), random.NextUInt32());
    }

    [Fact]
    public void Random_sample_matches_numpy_rand()
    {
        var random = new NumpyLegacyRandom(0);
        var expected = Fingerprints.Doubles("seed0_rand_5");
        Assert.Equal(expected, expected.Select(_ => random.RandomSample()).ToArray());
    }

    [Fact]
    public void Random_sample_is_built_from_two_raw_draws()
    {
        var random = new NumpyLegacyRandom(0);
        var a = random.NextUInt32() >> 5;
        var b = random.NextUInt32() >> 6;
        Assert.Equal(Fingerprints.Doubles("seed0_rand_5")[0], ((a * 67108864.0) + b) / 9007199254740992.0);
    }

    [Theory]
    [InlineData(11u)]
    [InlineData(12u)]
    [InlineData(10010u)]
    public void Permutation_matches_numpy(uint seed)
    {
        var random = new NumpyLegacyRandom(seed);
        var permutation = new int[300];
        random.Permutation(permutation);
        Assert.Equal(Fingerprints.Ints($"seed{seed}_permutation_300"), permutation);
    }

    [Fact]
    public void Seed_drops_the_cached_gaussian()
    {
        var random = new NumpyLegacyRandom(3);
        random.StandardNormal();
        random.Seed(3);
        Assert.Equal(Fingerprints.Doubles("seed3_randn_10")[0], random.StandardNormal());
    }

    [Fact]
    public void Interval_stays_in_range_and_reaches_both_ends()
    {
        var random = new NumpyLegacyRandom(7);
        var seen = new bool[6];
        for (var i = 0; i < 1000; i++)
        {
            seen[random.Interval(5)] = true;
        }

        Assert.All(seen, Assert.True);
        Assert.Equal(0u, random.Interval(0));
    }
}
