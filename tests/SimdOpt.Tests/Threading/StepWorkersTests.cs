using FsCheck.Fluent;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Tests.Support;
using SimdOpt.Threading;

namespace SimdOpt.Tests.Threading;

[Collection(SerialCollection.Name)]
public class StepWorkersTests
{
    [Fact]
    public void Multi_threaded_steps_equal_single_threaded_steps() =>
        PropertySettings.Check(
            (from rule in Rules.Any
             from threads in Gen.Choose(2, 4)
             from n in Gen.Choose(1, 5000)
             from p in Values.Floats(n)
             from g in Values.Floats(n)
             select (rule, threads, p, g)).ToArbitrary(),
            c =>
            {
                var layout = ParameterLayout.Create(("a", [c.p.Length]));
                using var workers = new StepWorkers(c.threads, threshold: 1);
                var single = c.rule.Create(layout, c.rule.LearningRate);
                var multi = c.rule.Create(layout, c.rule.LearningRate);
                var expected = new ParameterBuffer(layout);
                var actual = new ParameterBuffer(layout);
                var gradients = new ParameterBuffer(layout);
                c.p.CopyTo(expected.Span);
                c.p.CopyTo(actual.Span);
                for (long t = 1; t <= Stepping.Steps; t++)
                {
                    Stepping.GradientOfStep(c.g, t, gradients.Span);
                    single.Step(expected, gradients);
                    multi.Step(actual, gradients, workers);
                }

                Bits.Equal(expected.Span, actual.Span, $"{c.rule} on {c.threads} threads");
                foreach (var name in single.StateNames)
                {
                    Bits.Equal(single.State(name).Span, multi.State(name).Span, $"{c.rule} state {name}");
                }
            });

    [Theory]
    [InlineData(1, 2)]
    [InlineData(17, 3)]
    [InlineData(1000, 2)]
    [InlineData(262_144, 2)]
    [InlineData(1_048_577, 2)]
    [InlineData(16_777_216, 4)]
    public void Chunks_cover_the_buffer_in_64_byte_pieces(int length, int threads)
    {
        var chunk = StepWorkers.ChunkLength(length, threads);
        var chunks = (length + chunk - 1) / chunk;
        Assert.Equal(0, chunk % 16);
        Assert.InRange(chunks, 1, threads * StepWorkers.ChunksPerThread);
        Assert.True((long)chunks * chunk >= length && (long)(chunks - 1) * chunk < length);
        if (length >= StepWorkers.DefaultThreshold)
        {
            // Buffers worth splitting get nearly every chunk the count allows (rounding to 16 loses under 1%),
            // so a thread that starts late costs little.
            Assert.True(chunks >= 0.99 * threads * StepWorkers.ChunksPerThread, $"{chunks} chunks");
        }
    }

    [Theory]
    [MemberData(nameof(AllRules.Names), MemberType = typeof(AllRules))]
    public void Multi_threaded_steps_allocate_nothing(string rule)
    {
        var layout = ParameterLayout.Create(("w", [100_003]));
        var optimizer = AllRules.Create(rule, layout);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(gradients.Span, 5);
        using var workers = new StepWorkers(2, threshold: 1024);
        Assert.Equal(0, Allocations.Measure(() => optimizer.Step(parameters, gradients, workers), 300));
    }

    [Fact]
    public void Skipped_steps_and_disposal_are_safe()
    {
        var layout = ParameterLayout.Create(("w", [70_000]));
        var adam = new Adam(layout, 1e-3, nonFiniteGradients: NonFiniteGradientPolicy.Skip);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        gradients.Span[69_999] = float.NaN;
        var workers = new StepWorkers(2);
        Assert.Equal(StepOutcome.Skipped, adam.Step(parameters, gradients, workers));
        Assert.Equal(0, adam.StepCount);
        workers.Dispose();
        workers.Dispose();
        Assert.Throws<ObjectDisposedException>(() => adam.Step(parameters, parameters.CreateSibling(), workers));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepWorkers(-1));
    }
}
