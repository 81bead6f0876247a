using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Averaging;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Schedules;
using SimdOpt.State;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.State;

/// <summary>
/// A checkpoint carries a weight average (buffer, settings, update count), a plateau scheduler's state and a Lookahead's
/// slow weights exactly,
/// older files without them still load, and a file whose companions do not fit the targets (or whose header lies
/// about them) is refused before anything changes.
/// </summary>
public class CompanionCheckpointTests
{
    private static ReduceLearningRateOnPlateau Plateau(PlateauMode mode = PlateauMode.Min, double factor = 0.5) =>
        new(0.01, mode, factor, patience: 1, threshold: 0.01, PlateauThresholdMode.Absolute, cooldown: 3, minLearningRate: 1e-5, eps: 1e-9);

    private static byte[] Save(Optimizer optimizer, ParameterBuffer parameters, WeightAverage? average, ReduceLearningRateOnPlateau? plateau)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, optimizer, parameters, counter: 7, average, plateau);
        return stream.ToArray();
    }

    private static byte[] Bits(WeightAverage average) => [.. average.Average.Span.ToArray().SelectMany(BitConverter.GetBytes), .. BitConverter.GetBytes(average.Count)];

    private static long[] Bits(PlateauState s) =>
        [BitConverter.DoubleToInt64Bits(s.LearningRate), BitConverter.DoubleToInt64Bits(s.Best), s.BadEpochs, s.CooldownCounter, s.Epochs];

    /// <summary>Every float bit pattern except NaNs other than the canonical one: special values, subnormals, random bits.</summary>
    private static Gen<float> AnyFloat() =>
        Gen.OneOf(
            Gen.Elements(0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN, BitConverter.Int32BitsToSingle(0x7FC0_1234)),
            ArbMap.Default.GeneratorFor<int>().Select(BitConverter.Int32BitsToSingle));

    private static Gen<double> AnyFiniteDouble() =>
        Gen.OneOf(
            Gen.Elements(0.0, -0.0, double.Epsilon, 1e-310, double.MaxValue, 0.1, 1.0 / 3.0),
            ArbMap.Default.GeneratorFor<long>().Select(BitConverter.Int64BitsToDouble).Where(double.IsFinite));

    private sealed record Case(float[] Average, long Count, bool Equal, double Decay, PlateauMode Mode, double LearningRate, double Best, int Bad, int Cooldown, long Epochs)
    {
        public override string ToString() =>
            $"{Average.Length} floats, count {Count}, equal {Equal}, decay {Decay:R}, {Mode}, lr {LearningRate:R}, best {Best:R}, bad {Bad}, cooldown {Cooldown}, epochs {Epochs}";
    }

    [Fact]
    public void Every_bit_of_the_average_and_the_plateau_state_survives_a_round_trip()
    {
        var layout = AllRules.SmallLayout();
        var cases =
            from values in AnyFloat().ArrayOf(layout.TotalLength)
            from count in Gen.Choose(0, int.MaxValue).Select(c => (long)c * 3)
            from equal in ArbMap.Default.GeneratorFor<bool>()
            from decay in Gen.Elements(0.0, 0.9, 0.999, 1.0 - 1e-12)
            from mode in Gen.Elements(PlateauMode.Min, PlateauMode.Max)
            from rate in AnyFiniteDouble().Select(Math.Abs)
            from best in Gen.OneOf(AnyFiniteDouble(), Gen.Elements(double.PositiveInfinity, double.NegativeInfinity))
            from bad in Gen.Choose(0, 1000)
            from cooldown in Gen.Choose(0, 3)
            from epochs in Gen.Choose(0, int.MaxValue)
            select new Case(values, count, equal, decay, mode, rate, best, bad, cooldown, epochs);

        PropertySettings.Check(cases.ToArbitrary(), c =>
        {
            var (optimizer, parameters) = CheckpointTests.Trained(layout: layout);
            var average = c.Equal ? WeightAverage.Equal(layout) : WeightAverage.Exponential(layout, c.Decay);
            var saved = new ParameterBuffer(layout);
            c.Average.CopyTo(saved.Span);
            average.Restore(saved, c.Count);
            var plateau = Plateau(c.Mode);
            plateau.Restore(new PlateauState(c.LearningRate, c.Best, c.Bad, c.Cooldown, c.Epochs));
            var file = Save(optimizer, parameters, average, plateau);

            var targetAverage = c.Equal ? WeightAverage.Equal(layout) : WeightAverage.Exponential(layout, c.Decay);
            var targetPlateau = Plateau(c.Mode);
            using var stream = new MemoryStream(file);
            var info = Checkpoint.Load(stream, CheckpointTests.Fresh(layout), new ParameterBuffer(layout), targetAverage, targetPlateau);

            Assert.True(info.HasAverage && info.HasPlateau);
            Assert.Equal(Bits(average), Bits(targetAverage));
            Assert.Equal(Bits(plateau.State), Bits(targetPlateau.State));
        });
    }

    [Fact]
    public void A_run_resumed_from_a_checkpoint_continues_the_average_the_plateau_and_Lookahead_exactly()
    {
        var layout = AllRules.SmallLayout();
        var whole = Run(layout, 8, split: null);
        var resumed = Run(layout, 8, split: 4);
        Assert.Equal(whole.Parameters, resumed.Parameters);
        Assert.Equal(whole.Slow, resumed.Slow);
        Assert.Equal(Bits(whole.Average), Bits(resumed.Average));
        Assert.Equal(Bits(whole.Plateau.State), Bits(resumed.Plateau.State));
        Assert.True(whole.Plateau.LearningRate < 0.01, "the plateau scheduler never reduced the rate, so its state was barely exercised");
    }

    /// <summary>
    /// Adam inside a Lookahead of period 3 (a split after 4 steps falls between two synchronisations), with an EMA and a
    /// plateau scheduler fed a made-up metric; with <paramref name="split"/>, saved and reloaded into fresh objects after that many epochs.
    /// </summary>
    private static (float[] Parameters, float[] Slow, WeightAverage Average, ReduceLearningRateOnPlateau Plateau) Run(ParameterLayout layout, int epochs, int? split)
    {
        var optimizer = (Optimizer)new Adam(layout, 0.01);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(parameters.Span, 1);
        var lookahead = new Lookahead(optimizer, parameters, syncPeriod: 3, alpha: 0.5);
        var average = WeightAverage.Exponential(layout, 0.9);
        var plateau = Plateau();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            if (epoch == split)
            {
                using var saved = new MemoryStream();
                Checkpoint.Save(saved, optimizer, parameters, epoch, average, plateau, lookahead);
                optimizer = new Adam(layout, 0.01);
                parameters = new ParameterBuffer(layout);
                lookahead = new Lookahead(optimizer, parameters, syncPeriod: 3, alpha: 0.5);
                average = WeightAverage.Exponential(layout, 0.9);
                plateau = Plateau();
                saved.Position = 0;
                Assert.True(Checkpoint.Load(saved, optimizer, parameters, average, plateau, lookahead).HasLookahead);
            }

            optimizer.LearningRate = plateau.LearningRate;
            AllRules.Fill(gradients.Span, 10 + epoch);
            lookahead.Step(parameters, gradients);
            average.Update(parameters);
            plateau.Observe(epoch < 2 ? 1.0 / (epoch + 1) : 0.5);
        }

        return (parameters.Span.ToArray(), lookahead.SlowWeights.Span.ToArray(), average, plateau);
    }

    [Fact]
    public void A_file_without_companions_loads_as_before_and_is_refused_when_a_companion_is_asked_for()
    {
        var (optimizer, parameters) = CheckpointTests.Trained();
        var file = CheckpointTests.Bytes(optimizer, parameters, counter: 4);
        Assert.DoesNotContain("average", FuzzProperties.CheckpointHeader(file), StringComparison.Ordinal);

        var target = CheckpointTests.Fresh();
        var targetParameters = new ParameterBuffer(target.Layout);
        using (var plain = new MemoryStream(file))
        {
            var info = Checkpoint.Load(plain, target, targetParameters);
            Assert.False(info.HasAverage || info.HasPlateau);
        }

        var fresh = CheckpointTests.Fresh();
        var average = WeightAverage.Exponential(fresh.Layout, 0.9);
        var before = CheckpointTests.Snapshot(fresh, null);
        using (var stream = new MemoryStream(file))
        {
            var error = Assert.Throws<StateFileMismatchException>(() => Checkpoint.Load(stream, fresh, null, average));
            Assert.Contains("holds no weight average", error.Message, StringComparison.Ordinal);
        }

        using (var stream = new MemoryStream(file))
        {
            var error = Assert.Throws<StateFileMismatchException>(() => Checkpoint.Load(stream, fresh, null, null, Plateau()));
            Assert.Contains("holds no plateau scheduler state", error.Message, StringComparison.Ordinal);
        }

        using (var stream = new MemoryStream(file))
        {
            var error = Assert.Throws<StateFileMismatchException>(() => Checkpoint.Load(stream, fresh, null, lookahead: new Lookahead(fresh, new ParameterBuffer(fresh.Layout))));
            Assert.Contains("holds no Lookahead slow weights", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, CheckpointTests.Snapshot(fresh, null));
        Assert.Equal(0, average.Count);
    }

    [Fact]
    public void A_file_with_companions_loads_into_an_optimizer_alone()
    {
        var (optimizer, parameters) = CheckpointTests.Trained();
        var average = WeightAverage.Equal(optimizer.Layout);
        average.Update(parameters);
        var file = Save(optimizer, parameters, average, Plateau());

        var target = CheckpointTests.Fresh();
        using var stream = new MemoryStream(file);
        var info = Checkpoint.Load(stream, target, null);

        Assert.True(info.HasAverage && info.HasPlateau);
        Assert.Equal(CheckpointTests.Snapshot(optimizer, null), CheckpointTests.Snapshot(target, null));
    }

    [Fact]
    public void Companions_of_other_settings_are_listed_and_nothing_changes()
    {
        var (optimizer, parameters) = CheckpointTests.Trained();
        var average = WeightAverage.Exponential(optimizer.Layout, 0.9);
        average.Update(parameters);
        var file = Save(optimizer, parameters, average, Plateau());

        var target = CheckpointTests.Fresh();
        var targetAverage = WeightAverage.Exponential(target.Layout, 0.99, warmUp: false);
        var targetPlateau = Plateau(PlateauMode.Max, factor: 0.25);
        var before = CheckpointTests.Snapshot(target, null);
        using var stream = new MemoryStream(file);
        var error = Assert.Throws<StateFileMismatchException>(() => Checkpoint.Load(stream, target, null, targetAverage, targetPlateau));

        Assert.Contains("average: decay is 0.9 in the checkpoint, 0.99 in the target", error.Message, StringComparison.Ordinal);
        Assert.Contains("average: warm_up is True in the checkpoint, False in the target", error.Message, StringComparison.Ordinal);
        Assert.Contains("plateau: mode is Min in the checkpoint, Max in the target", error.Message, StringComparison.Ordinal);
        Assert.Contains("plateau: factor is 0.5 in the checkpoint, 0.25 in the target", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, CheckpointTests.Snapshot(target, null));
        Assert.Equal(0, targetAverage.Count);
        Assert.Equal(0, targetPlateau.State.Epochs);
    }

    [Fact]
    public void An_average_of_another_layout_is_refused_at_save_and_load()
    {
        var (optimizer, parameters) = CheckpointTests.Trained();
        var other = WeightAverage.Equal(ParameterLayout.Create(("w", [3])));
        Assert.Throws<ArgumentException>(() => Save(optimizer, parameters, other, null));
        using var stream = new MemoryStream(Save(optimizer, parameters, null, null));
        Assert.Throws<ArgumentException>(() => Checkpoint.Load(stream, CheckpointTests.Fresh(), null, other));
        var foreign = new Lookahead(CheckpointTests.Fresh(), parameters);
        Assert.Throws<ArgumentException>(() => Checkpoint.Save(new MemoryStream(), optimizer, parameters, lookahead: foreign));
    }

    public static TheoryData<string, string, string> HostileEdits() => new()
    {
        { "\"best\":\"Infinity\"", "\"best\":\"NaN\"", "plateau.best must be a finite number" },
        { "\"best\":\"Infinity\"", "\"best\":1e400", "plateau.best" },
        { "\"cooldown_counter\":0", "\"cooldown_counter\":4", "CooldownCounter must be in [0, 3]" },
        { "\"bad_epochs\":0", "\"bad_epochs\":-1", "BadEpochs" },
        { "\"mode\":\"Min\"", "\"mode\":\"0\"", "plateau.mode must be one of Min, Max" },
        { "\"count\":1", "\"count\":-1", "average.count is negative" },
        { "\"count\":1", "\"count\":1,\"weights\":[]", "'weights'" },
        { "\"count\":1", "\"count\":1,\"count\":2", "'count'" },
        { "\"warm_up\":true", "\"warm_up\":1", "average.warm_up" },
        { "\"warm_up\":true,", "", "warm_up" },
        { "\"decay\":0.9", "\"decay\":-1e999", "average.decay must be a finite number" },
        { "\"factor\":0.5", "\"factor\":1e999", "plateau.factor must be a finite number" },
        { "\"best\":\"Infinity\"", "\"best\":\"infinity\"", "plateau.best" },
        { "\"best\":\"Infinity\"", "\"best\":\"0.5\"", "plateau.best" },
        { "\"average\":{", "\"average\":null,\"x\":{", "'x'" },
    };

    [Theory]
    [MemberData(nameof(HostileEdits))]
    public void A_hostile_companion_header_is_refused_before_anything_changes(string find, string replace, string expected)
    {
        var (optimizer, parameters) = CheckpointTests.Trained();
        var average = WeightAverage.Exponential(optimizer.Layout, 0.9);
        average.Update(parameters);
        var file = Save(optimizer, parameters, average, Plateau());
        var header = FuzzProperties.CheckpointHeader(file);
        Assert.Contains(find, header, StringComparison.Ordinal);
        var edited = FuzzProperties.WithHeader(file, header.Replace(find, replace, StringComparison.Ordinal));

        var target = CheckpointTests.Fresh();
        var targetAverage = WeightAverage.Exponential(target.Layout, 0.9);
        var targetPlateau = Plateau();
        var before = CheckpointTests.Snapshot(target, null);
        using var stream = new MemoryStream(edited);
        var error = Assert.Throws<StateFileFormatException>(() => Checkpoint.Load(stream, target, null, targetAverage, targetPlateau));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message);
        Assert.Equal(before, CheckpointTests.Snapshot(target, null));
        Assert.Equal(0, targetAverage.Count);
        Assert.Equal(0, targetPlateau.State.Epochs);
    }

    [Fact]
    public void A_truncated_or_corrupt_average_block_is_refused_before_anything_changes()
    {
        var (optimizer, parameters) = CheckpointTests.Trained();
        var average = WeightAverage.Exponential(optimizer.Layout, 0.9);
        average.Update(parameters);
        var file = Save(optimizer, parameters, average, null);
        var corrupt = (byte[])file.Clone();
        corrupt[^12] ^= 1;

        foreach (var (bytes, expected) in new[] { (file[..^4], "truncated"), (corrupt, "data checksum") })
        {
            var target = CheckpointTests.Fresh();
            var targetAverage = WeightAverage.Exponential(target.Layout, 0.9);
            var before = CheckpointTests.Snapshot(target, null);
            using var stream = new MemoryStream(bytes);
            var error = Assert.Throws<StateFileFormatException>(() => Checkpoint.Load(stream, target, null, targetAverage));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.Equal(before, CheckpointTests.Snapshot(target, null));
            Assert.Equal(0, targetAverage.Count);
            Assert.All(targetAverage.Average.Span.ToArray(), x => Assert.Equal(0f, x));
        }
    }
}
