using FsCheck;
using FsCheck.Xunit;
using SimdOpt.Distributed.Sharding;

namespace SimdOpt.Distributed.Tests;

public class ShardPlanTests
{
    [Property(MaxTest = 300)]
    public void Shares_are_contiguous_aligned_and_cover_the_buffer(NonNegativeInt length, PositiveInt ranks)
    {
        var rankCount = (ranks.Get % 9) + 1;
        var plan = new ShardPlan(length.Get % 100_000, rankCount);
        var next = 0;
        for (var r = 0; r < rankCount; r++)
        {
            Assert.Equal(next, plan.Start(r));
            Assert.True(plan.Start(r) % ShardPlan.Alignment == 0 || plan.Start(r) == plan.TotalLength, $"share {r} starts at {plan.Start(r)}");
            Assert.True(plan.Length(r) <= plan.ShareLength);
            next += plan.Length(r);
        }

        Assert.Equal(plan.TotalLength, next);
        Assert.True(plan.ShareLength == plan.TotalLength || plan.ShareLength % ShardPlan.Alignment == 0);
        Assert.True((long)plan.ShareLength * rankCount >= plan.TotalLength);
    }

    [Theory]
    [InlineData(8893, 2, 4448, 4445)]
    [InlineData(32, 2, 16, 16)]
    [InlineData(33, 2, 32, 1)]
    [InlineData(10, 2, 10, 0)]
    [InlineData(0, 3, 0, 0)]
    [InlineData(16_777_216, 2, 8_388_608, 8_388_608)]
    public void Two_shares_have_the_expected_lengths(int total, int ranks, int first, int last)
    {
        var plan = new ShardPlan(total, ranks);
        Assert.Equal(first, plan.Length(0));
        Assert.Equal(last, plan.Length(ranks - 1));
    }

    [Fact]
    public void Bad_arguments_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShardPlan(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShardPlan(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShardPlan(10, 2).Start(2));
    }
}
