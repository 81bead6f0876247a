namespace SimdOpt.Training.Tests.Support;

/// <summary>
/// Allocation measurements run alone, after the parallel tests: a collection triggered by another thread's
/// allocations can make <see cref="GC.GetAllocatedBytesForCurrentThread"/> jump without any allocation here.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
