using SimdOpt.Distributed.State;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Schedules;
using SimdOpt.State;

namespace SimdOpt.Distributed.MpiChecks;

/// <summary>
/// Every rule, sharded over the ranks, against one whole-buffer optimizer stepping the gradients summed in rank
/// order: parameters after every step bit for bit, then the share checkpoints merged into a whole-buffer checkpoint
/// byte for byte, then a whole-buffer state split into share files, loaded by the ranks, and stepped further.
/// </summary>
internal static class ExactnessCheck
{
    private const int Steps = 7;

    public static int Run(string folder)
    {
        var layout = new ParameterLayout.Builder()
            .Add("embed", 37, 61).Add("W1", 128, 40).Add("b1", 128).Add("W2", 3, 128).Add("b2", 3).Add("head", 1001)
            .Build();
        var failures = 0;
        failures += Case("adam", layout, folder, l => new Adam(l, 1e-2, new AdamOptions { WeightDecay = 0.01 }, [
            ParameterGroup<AdamOptions>.ForTensors("biases", new AdamOptions(), "b1", "b2"),
            new ParameterGroup<AdamOptions>("head", t => t.Name == "head", AdamOptions.AdamW(0.1), 0.5)]));
        failures += Case("amsgrad", layout, folder, l => new Adam(l, 3e-3, new AdamOptions { Amsgrad = true, Maximize = true }, nonFiniteGradients: NonFiniteGradientPolicy.Skip));
        failures += Case("nesterov", layout, folder, l => new Sgd(l, 0.05, new SgdOptions { Momentum = 0.9, Nesterov = true, WeightDecay = 1e-4 }, [
            ParameterGroup<SgdOptions>.ForTensors("embed", new SgdOptions { Momentum = 0.8, Nesterov = true }, "embed")]));
        failures += Case("rmsprop", layout, folder, l => new RmsProp(l, 1e-3, new RmsPropOptions { Centered = true, Momentum = 0.5, FlushSubnormals = true }));
        failures += Case("adagrad", layout, folder, l => new AdaGrad(l, 0.1, new AdaGradOptions { InitialAccumulatorValue = 0.1, LearningRateDecay = 0.01 }));
        failures += Case("moving-average", layout, folder, l => new MovingAverageMomentum(l, 0.01, new MovingAverageMomentumOptions { Beta = 0.9 }));
        failures += Case("nadam", layout, folder, l => new NAdam(l, 2e-3, new NAdamOptions { WeightDecay = 0.01, DecoupledWeightDecay = true }, [
            ParameterGroup<NAdamOptions>.ForTensors("biases", new NAdamOptions { MomentumDecay = 0.01 }, "b1", "b2")]));
        failures += Case("radam", layout, folder, l => new RAdam(l, 1e-3, new RAdamOptions { WeightDecay = 0.01 }));
        failures += Case("adamax", layout, folder, l => new Adamax(l, 2e-3, new AdamaxOptions()));
        failures += Case("lion", layout, folder, l => new Lion(l, 1e-4, new LionOptions { WeightDecay = 0.1 }));
        failures += Case("adadelta", layout, folder, l => new Adadelta(l, 1.0, new AdadeltaOptions { WeightDecay = 0.01 }));
        failures += Case("schedule-free-adamw", layout, folder, l => new ScheduleFreeAdamW(l, 2.5e-3, new ScheduleFreeAdamWOptions { WarmupSteps = 3, WeightDecay = 0.01 }));
        failures += AllocationCheck.Run();
        return failures == 0 ? 0 : 1;
    }

    private static int Case<TOptions>(string name, ParameterLayout layout, string folder, Func<ParameterLayout, Optimizer<TOptions>> create)
        where TOptions : OptimizerOptions
    {
        using var sharded = ShardedOptimizer.Create(layout, create, TimeSpan.FromSeconds(60));
        var rank = sharded.Rank;
        var ranks = sharded.RankCount;
        var reference = create(layout);
        var schedule = new CosineAnnealingSchedule(reference.LearningRate, 10);
        reference.Schedule = schedule;
        sharded.Schedule = schedule;

        var parameters = new ParameterBuffer(layout);
        Gradients.Fill(parameters.Span, rank: 99, step: 0);
        var expected = new ParameterBuffer(layout);
        parameters.Span.CopyTo(expected.Span);
        var gradients = parameters.CreateSibling();
        var sum = parameters.CreateSibling();
        var scratch = parameters.CreateSibling();
        var failures = 0;

        void StepBoth(int step)
        {
            Gradients.Fill(gradients.Span, rank, step);
            if (step == 3 && reference.NonFiniteGradients == NonFiniteGradientPolicy.Skip && ranks > 1)
            {
                // A NaN in the last rank's gradient on rank 0's share: every rank must skip, as the reference does.
                if (rank == ranks - 1)
                {
                    gradients.Span[5] = float.NaN;
                }
            }

            var outcome = sharded.Step(parameters, gradients);
            Gradients.SumInRankOrder(sum.Span, scratch.Span, ranks, step);
            if (step == 3 && reference.NonFiniteGradients == NonFiniteGradientPolicy.Skip && ranks > 1)
            {
                sum.Span[5] = float.NaN;
            }

            var expectedOutcome = reference.Step(expected, sum);
            failures += Compare($"{name} step {step}", rank, parameters.Span, expected.Span);
            if (outcome != expectedOutcome || sharded.StepCount != reference.StepCount)
            {
                Console.Error.WriteLine($"rank {rank}: {name} step {step}: outcome {outcome} at count {sharded.StepCount}, reference {expectedOutcome} at {reference.StepCount}");
                failures++;
            }
        }

        for (var step = 1; step <= Steps; step++)
        {
            StepBoth(step);
        }

        // The share files merge into the reference's whole-buffer checkpoint, byte for byte.
        var prefix = Path.Combine(folder, name);
        ShardedCheckpoint.Save(prefix, sharded);
        MPI.Communicator.world.Barrier();
        if (rank == 0)
        {
            var merged = create(layout);
            merged.Schedule = schedule;
            ShardedCheckpoint.Merge(prefix, ranks, merged, create);
            failures += CompareBytes($"{name} merged checkpoint", CheckpointBytes(merged), CheckpointBytes(reference));
            ShardedCheckpoint.Split(prefix + "-split", ranks, reference, create);
        }

        // ... and back: every rank resumes from the reference's state split into share files.
        MPI.Communicator.world.Barrier();
        ShardedCheckpoint.Load(prefix + "-split", sharded);
        for (var step = Steps + 1; step <= Steps + 2; step++)
        {
            StepBoth(step);
        }

        Console.WriteLine($"rank {rank} of {ranks}: {name}: share [{sharded.ShareStart}, {sharded.ShareStart + sharded.ShareLength}) of {layout.TotalLength}, {Steps + 2} steps, checkpoints merged and split: {(failures == 0 ? "identical to the single process" : failures + " FAILURES")}");
        return failures;
    }

    private static byte[] CheckpointBytes(Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, optimizer);
        return stream.ToArray();
    }

    private static int Compare(string what, int rank, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        for (var i = 0; i < actual.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
            {
                Console.Error.WriteLine($"rank {rank}: {what}: element {i} is {actual[i]:R}, the single process has {expected[i]:R}");
                return 1;
            }
        }

        return 0;
    }

    private static int CompareBytes(string what, byte[] actual, byte[] expected)
    {
        if (actual.AsSpan().SequenceEqual(expected))
        {
            return 0;
        }

        Console.Error.WriteLine($"{what}: {actual.Length} bytes differ from the single process's {expected.Length} bytes");
        return 1;
    }
}
