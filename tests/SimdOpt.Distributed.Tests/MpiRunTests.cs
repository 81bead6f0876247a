namespace SimdOpt.Distributed.Tests;

/// <summary>Two real MPI ranks on this machine, through mpirun.mpich.</summary>
[Collection("mpirun")]
public class MpiRunTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    [MpiFact]
    public void Two_ranks_equal_one_process_bit_for_bit_for_every_rule_and_their_checkpoints_merge_and_split()
    {
        var (code, output, _) = MpiRun.Checks(2, "exact", Limit);
        Assert.True(code == 0, output);
        Assert.Equal(24, output.Split('\n').Count(l => l.Contains("identical to the single process", StringComparison.Ordinal)));
        Assert.Equal(2, output.Split('\n').Count(l => l.Contains("200 sharded steps allocated 0 bytes", StringComparison.Ordinal)));
    }

    [MpiFact]
    public void A_layout_that_differs_across_ranks_fails_on_every_rank_at_construction()
    {
        var (code, output, _) = MpiRun.Checks(2, "mismatch", Limit);
        Assert.True(code == 3, output);
        Assert.Contains("rank 0: The ranks disagree on the layout", output, StringComparison.Ordinal);
        Assert.Contains("rank 1: The ranks disagree on the layout", output, StringComparison.Ordinal);
    }

    [MpiFact]
    public void A_rank_that_exits_ends_the_job_instead_of_a_hang()
    {
        var (code, output, elapsed) = MpiRun.Checks(2, "die", Limit);
        Assert.True(code != 0 && code != -1, output);
        Assert.DoesNotContain("finished every step", output, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(90), $"took {elapsed}");
    }

    [MpiFact]
    public void A_rank_that_stops_calling_is_caught_by_the_watchdog_which_ends_every_rank()
    {
        var (code, output, elapsed) = MpiRun.Checks(2, "hang", Limit);
        Assert.True(code == 70, output);
        Assert.Contains("rank 0 of 2 waited 5 s for a rank's gradients", output, StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(90), $"took {elapsed}");
    }

    [MpiFact]
    public void The_data_parallel_course_network_on_two_ranks_equals_the_single_process_summing_both_halves()
    {
        var (code, output, _) = MpiRun.Program(2, "SimdOpt.DataParallel.dll", ["--epochs", "40", "--verify"], Limit);
        Assert.True(code == 0, output);
        Assert.Contains("parameters after 40 epochs: identical to the single process summing the 2 parts in rank order", output, StringComparison.Ordinal);
    }
}
