using SimdOpt.Threading;

namespace SimdOpt.Tests.Threading;

/// <summary>The thread count of <see cref="StepWorkers"/> has a stated limit instead of an overflow.</summary>
public class StepWorkersLimitTests
{
    [Fact]
    public void A_thread_count_beyond_the_limit_is_refused_by_name()
    {
        Assert.Equal("threadCount", Assert.Throws<ArgumentOutOfRangeException>(() => new StepWorkers(int.MaxValue)).ParamName);
        Assert.Equal("threadCount", Assert.Throws<ArgumentOutOfRangeException>(() => new StepWorkers(StepWorkers.MaxThreadCount + 1)).ParamName);
        Assert.Equal("threadCount", Assert.Throws<ArgumentOutOfRangeException>(() => new StepWorkers(-1)).ParamName);
    }
}
