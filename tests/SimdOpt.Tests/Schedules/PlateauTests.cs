using FsCheck;
using FsCheck.Xunit;
using SimdOpt.Schedules;

namespace SimdOpt.Tests.Schedules;

public class PlateauTests
{
    [Fact]
    public void Reduces_after_patience_bad_epochs_then_waits_out_the_cooldown()
    {
        var p = new ReduceLearningRateOnPlateau(1.0, factor: 0.5, patience: 1, threshold: 0, thresholdMode: PlateauThresholdMode.Absolute, cooldown: 1);
        Assert.False(p.Observe(3.0));    // improves on +inf
        Assert.False(p.Observe(3.0));    // bad 1
        Assert.True(p.Observe(3.0));     // bad 2 > patience: 0.5, cooldown 1
        Assert.Equal(0.5, p.LearningRate);
        Assert.False(p.Observe(3.0));    // in cooldown: bad reset to 0
        Assert.False(p.Observe(3.0));    // bad 1
        Assert.True(p.Observe(3.0));     // bad 2: 0.25
        Assert.Equal(0.25, p.LearningRate);
        Assert.False(p.Observe(2.0));    // cooldown, and an improvement
        Assert.Equal(new PlateauState(0.25, 2.0, 0, 0, 7), p.State);
    }

    [Fact]
    public void Max_mode_relative_threshold_and_the_floor()
    {
        var p = new ReduceLearningRateOnPlateau(1.0, PlateauMode.Max, factor: 0.1, patience: 0, threshold: 0.1, minLearningRate: 0.05);
        p.Observe(1.0);                  // improves on -inf
        Assert.True(p.Observe(1.05));    // not above 1.0 * 1.1: bad 1 > 0
        Assert.Equal(0.1, p.LearningRate, 15);
        Assert.True(p.Observe(1.05));
        Assert.Equal(0.05, p.LearningRate);
        Assert.False(p.Observe(1.05));   // at the floor: lr - newLr = 0 is not > eps
        Assert.Equal(0.05, p.LearningRate);
        Assert.False(p.Observe(1.2));    // 1.2 > 1.1: an improvement
        Assert.Equal(1.2, p.State.Best);
    }

    [Property(MaxTest = 100)]
    public void Restoring_a_saved_state_continues_exactly(NormalFloat[] metrics, byte split, PositiveInt patience, byte cooldown)
    {
        var all = metrics.Select(m => m.Get).ToArray();
        var cut = all.Length == 0 ? 0 : split % all.Length;
        ReduceLearningRateOnPlateau Make() => new(0.3, factor: 0.5, patience: patience.Get % 5, cooldown: cooldown % 3, minLearningRate: 1e-6);
        var whole = Make();
        var first = Make();
        foreach (var m in all)
        {
            whole.Observe(m);
        }

        foreach (var m in all[..cut])
        {
            first.Observe(m);
        }

        var second = Make();
        second.Restore(first.State);
        foreach (var m in all[cut..])
        {
            second.Observe(m);
        }

        Assert.Equal(whole.State, second.State);
        Assert.True(double.IsFinite(whole.LearningRate) && whole.LearningRate >= 0);
    }

    [Fact]
    public void Bad_settings_and_states_are_rejected_naming_the_field()
    {
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLearningRateOnPlateau(1, factor: 1.0)).ParamName);
        Assert.Equal("patience", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLearningRateOnPlateau(1, patience: -1)).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLearningRateOnPlateau(1, threshold: double.NaN)).ParamName);
        Assert.Equal("initialLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLearningRateOnPlateau(double.PositiveInfinity)).ParamName);
        var p = new ReduceLearningRateOnPlateau(1, cooldown: 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Restore(new PlateauState(1, double.NaN, 0, 0, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Restore(new PlateauState(1, 1, 0, 3, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Restore(new PlateauState(-1, 1, 0, 0, 0)));
        Assert.Equal(1.0, p.LearningRate);
    }
}
