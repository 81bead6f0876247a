namespace SimdOpt.Tests.Support;

/// <summary>
/// Tests that must not share the process with running tests: allocation and GC-count measurements (another
/// thread's allocations can make <see cref="GC.GetAllocatedBytesForCurrentThread"/> jump by the unused rest of
/// this thread's allocation context, a few KiB, without any allocation here) and tests that spawn processes.
/// xUnit runs this collection after the parallel ones, alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
