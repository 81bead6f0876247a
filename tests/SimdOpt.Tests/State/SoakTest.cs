using System.Numerics.Tensors;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Tests.Support;
using Xunit.Abstractions;

namespace SimdOpt.Tests.State;

/// <summary>
/// Every rule variant trains a 4,096-element model toward a target for 2,000 steps (SIMDOPT_SOAK_STEPS to change) under a warmup-then-cosine
/// learning rate set before every step (what a schedule does), with gradients <c>p - target + noise</c>.
/// The whole run allocates nothing on the stepping thread, triggers no garbage collection of any generation,
/// and keeps every parameter finite. It runs alone (no parallel tests) so other tests' garbage cannot
/// trigger a collection.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class SoakTest(ITestOutputHelper output)
{
    private const int Elements = 4_096;
    /// <summary>Steps per rule: 2,000, or SIMDOPT_SOAK_STEPS for a longer soak.</summary>
    private static readonly int Steps =
        int.TryParse(Environment.GetEnvironmentVariable("SIMDOPT_SOAK_STEPS"), out var n) && n > 100 ? n : 2_000;
    private const int NoiseBuffers = 4;

    /// <summary>Linear warmup over 100 steps, then cosine decay to 10% of the base rate at the last step.</summary>
    private static double Schedule(double baseRate, long step) =>
        step <= 100
            ? baseRate * step / 100.0
            : baseRate * (0.1 + (0.45 * (1 + Math.Cos(Math.PI * (step - 100) / (Steps - 100)))));

    [Fact]
    public void Millions_of_element_steps_allocate_nothing_collect_nothing_and_stay_finite()
    {
        var layout = ParameterLayout.Create(("W1", [64, 48]), ("b1", [64]), ("W2", [14, 64]), ("b2", [64]));
        Assert.Equal(Elements, layout.TotalLength);
        var variants = AllRules.Variants().ToArray();
        var optimizers = variants.Select(v => v.Create(layout, NonFiniteGradientPolicy.Propagate)).ToArray();
        var baseRates = optimizers.Select(o => o.LearningRate).ToArray();
        var parameters = optimizers.Select(_ => new ParameterBuffer(layout)).ToArray();
        var gradients = new ParameterBuffer(layout);
        var target = new ParameterBuffer(layout);
        var noise = Enumerable.Range(0, NoiseBuffers).Select(_ => new ParameterBuffer(layout)).ToArray();
        AllRules.Fill(target.Span, 1);
        for (var k = 0; k < NoiseBuffers; k++)
        {
            AllRules.Fill(noise[k].Span, 10 + k);
            TensorPrimitives.Multiply(noise[k].Span, 0.1f, noise[k].Span);
        }

        foreach (var p in parameters)
        {
            AllRules.Fill(p.Span, 2);
        }

        // Warm-up before measuring: a rule's first steps load and compile its code path, and tiered compilation
        // later installs optimized code, which the runtime may do with a few managed allocations on the thread that
        // calls it (seen: 6,192 bytes on AdaGrad's first step; 1,576 bytes during the measured loop with one warm-up
        // step per rule and DOTNET_EnableHWIntrinsic=0). So run the measured body itself a few hundred times per
        // rule, with pauses for the background compiler, then start over.
        for (var round = 0; round < 3; round++)
        {
            for (var r = 0; r < optimizers.Length; r++)
            {
                for (var step = 1; step <= 200; step++)
                {
                    TensorPrimitives.Subtract(parameters[r].Span, target.Span, gradients.Span);
                    TensorPrimitives.Add(gradients.Span, noise[step % NoiseBuffers].Span, gradients.Span);
                    optimizers[r].LearningRate = Schedule(baseRates[r], step);
                    optimizers[r].Step(parameters[r], gradients);
                }
            }

            Thread.Sleep(150);
        }

        for (var r = 0; r < optimizers.Length; r++)
        {
            optimizers[r].Reset();
            optimizers[r].LearningRate = baseRates[r];
            AllRules.Fill(parameters[r].Span, 2);
        }

        var footprint = Footprint.Of(() =>
        {
            for (var r = 0; r < optimizers.Length; r++)
            {
                var optimizer = optimizers[r];
                var p = parameters[r];
                for (var step = 1; step <= Steps; step++)
                {
                    TensorPrimitives.Subtract(p.Span, target.Span, gradients.Span);
                    TensorPrimitives.Add(gradients.Span, noise[step % NoiseBuffers].Span, gradients.Span);
                    optimizer.LearningRate = Schedule(baseRates[r], step);
                    optimizer.Step(p, gradients);
                }
            }
        });

        long elementSteps = (long)optimizers.Length * Steps * Elements;
        output.WriteLine($"{optimizers.Length} rules x {Steps} steps x {Elements} elements = {elementSteps:N0} element-steps; {footprint}.");
        footprint.AssertNothingAllocatedOrCollected();
        for (var r = 0; r < optimizers.Length; r++)
        {
            Assert.True(TensorPrimitives.IsFiniteAll(parameters[r].Span), $"{variants[r].Name}: a parameter is not finite");
            Assert.Equal((long)Steps, optimizers[r].StepCount);
            foreach (var name in optimizers[r].StateNames)
            {
                Assert.True(TensorPrimitives.IsFiniteAll(optimizers[r].State(name).Span), $"{variants[r].Name}: state {name} is not finite");
            }
        }
    }

    /// <summary>
    /// Millions of whole steps: every rule variant runs 1,000,000 steps (SIMDOPT_SOAK_STEPS x 500 when set) on a
    /// small model, its rate driven by a real schedule (<see cref="Optimizer.Schedule"/>: warm-up then cosine),
    /// with no allocation, no collection and finite results.
    /// </summary>
    [Fact]
    public void Millions_of_scheduled_steps_allocate_nothing_collect_nothing_and_stay_finite()
    {
        var stepsPerRule = Steps * 500;
        var layout = ParameterLayout.Create(("W", [8, 7]), ("b", [8]));
        var variants = AllRules.Variants().ToArray();
        var optimizers = variants.Select(v => v.Create(layout, NonFiniteGradientPolicy.Propagate)).ToArray();
        var parameters = optimizers.Select(_ => new ParameterBuffer(layout)).ToArray();
        var gradients = new ParameterBuffer(layout);
        var target = new ParameterBuffer(layout);
        AllRules.Fill(target.Span, 3);
        for (var r = 0; r < optimizers.Length; r++)
        {
            optimizers[r].Schedule = SimdOpt.Schedules.SequenceSchedule.WarmupCosine(
                initialLearningRate: 0, peakLearningRate: optimizers[r].LearningRate, warmupCount: 1_000, decayCount: stepsPerRule, endLearningRate: optimizers[r].LearningRate / 100);
        }

        // Warm-up until tiered compilation has installed the optimized code (which may allocate on this thread), then start over.
        for (var round = 0; round < 3; round++)
        {
            for (var r = 0; r < optimizers.Length; r++)
            {
                for (var i = 0; i < 500; i++)
                {
                    optimizers[r].Step(parameters[r], gradients);
                }
            }

            Thread.Sleep(150);
        }

        for (var r = 0; r < optimizers.Length; r++)
        {
            optimizers[r].Reset();
            AllRules.Fill(parameters[r].Span, 4);
        }

        var footprint = Footprint.Of(() =>
        {
            for (var r = 0; r < optimizers.Length; r++)
            {
                var optimizer = optimizers[r];
                var p = parameters[r];
                for (var step = 0; step < stepsPerRule; step++)
                {
                    TensorPrimitives.Subtract(p.Span, target.Span, gradients.Span);
                    optimizer.Step(p, gradients);
                }
            }
        });

        output.WriteLine($"{optimizers.Length} rules x {stepsPerRule:N0} scheduled steps = {(long)optimizers.Length * stepsPerRule:N0} steps; {footprint}.");
        footprint.AssertNothingAllocatedOrCollected();
        for (var r = 0; r < optimizers.Length; r++)
        {
            Assert.True(TensorPrimitives.IsFiniteAll(parameters[r].Span), $"{variants[r].Name}: a parameter is not finite");
            Assert.Equal((long)stepsPerRule, optimizers[r].StepCount);
        }
    }

    /// <summary>
    /// What a piece of work cost the stepping thread and the collector. Collections are counted process-wide, so a
    /// collection is laid to the stepping thread's charge only when no other thread allocated meanwhile (the test
    /// host's own threads, a logger, a previous test's finalizers may): then nothing else could have caused it.
    /// </summary>
    private readonly record struct Footprint(long AllocatedBytes, long OthersAllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan Elapsed)
    {
        public static Footprint Of(Action work)
        {
            int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var total = GC.GetTotalAllocatedBytes(precise: true);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            work();
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            var mine = GC.GetAllocatedBytesForCurrentThread() - allocated;
            return new Footprint(
                mine,
                GC.GetTotalAllocatedBytes(precise: true) - total - mine,
                GC.CollectionCount(0) - gen0,
                GC.CollectionCount(1) - gen1,
                GC.CollectionCount(2) - gen2,
                elapsed);
        }

        public void AssertNothingAllocatedOrCollected()
        {
            Assert.Equal(0, AllocatedBytes);
            if ((Gen0, Gen1, Gen2) != (0, 0, 0))
            {
                Assert.True(OthersAllocatedBytes > 0, $"{this}: collections while nothing but the stepping thread ran, and it allocated nothing");
            }
        }

        public override string ToString() =>
            $"{Elapsed.TotalSeconds:F2} s, allocated {AllocatedBytes} bytes (other threads {OthersAllocatedBytes}), gen0/1/2 collections {Gen0}/{Gen1}/{Gen2}";
    }
}
