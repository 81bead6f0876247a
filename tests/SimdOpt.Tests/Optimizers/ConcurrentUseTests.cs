using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Schedules;
using SimdOpt.State;
using SimdOpt.Tests.Support;
using SimdOpt.Threading;

namespace SimdOpt.Tests.Optimizers;

/// <summary>
/// An optimizer is used by one thread at a time (only ApplyStep calls of one prepared step may overlap): a call
/// that finds another running throws InvalidOperationException before it writes anything.
/// </summary>
[Collection(SerialCollection.Name)]
public class ConcurrentUseTests
{
    private static readonly ParameterLayout Layout = ParameterLayout.Create(("w", [64]));

    [Fact]
    public void Two_threads_stepping_one_optimizer_lose_no_update_and_every_rejected_call_changes_nothing()
    {
        const int Calls = 100_000;
        var sgd = new Sgd(Layout, learningRate: 1);
        var buffers = new[] { new ParameterBuffer(Layout), new ParameterBuffer(Layout) };
        var gradients = new[] { new ParameterBuffer(Layout), new ParameterBuffer(Layout) };
        gradients[0].Span.Fill(1);
        gradients[1].Span.Fill(1);
        var applied = new int[2];
        var rejected = new int[2];
        using var start = new Barrier(2);

        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            for (var call = 0; call < Calls; call++)
            {
                try
                {
                    sgd.Step(buffers[i], gradients[i]);
                    applied[i]++;
                }
                catch (InvalidOperationException)
                {
                    rejected[i]++;
                }
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        // Each applied step subtracts exactly 1 from every element of that thread's buffer (exact below 2^24).
        Assert.Equal(applied[0] + applied[1], sgd.StepCount);
        for (var i = 0; i < 2; i++)
        {
            Assert.All(buffers[i].Span.ToArray(), p => Assert.Equal(-applied[i], p));
            Assert.Equal(Calls, applied[i] + rejected[i]);
        }
    }

    public static TheoryData<string> Calls() => [.. CallsFromAnotherThread.Keys];

    [Theory]
    [MemberData(nameof(Calls))]
    public void A_call_during_a_step_on_another_thread_throws_and_changes_nothing(string call)
    {
        var optimizer = new Adam(Layout, learningRate: 0.1);
        var parameters = new ParameterBuffer(Layout);
        var gradients = new ParameterBuffer(Layout);
        parameters.Span.Fill(1);
        gradients.Span.Fill(0.5f);
        optimizer.Step(parameters, gradients);
        var other = new ParameterBuffer(Layout);
        other.Span.Fill(3);
        var stateBefore = optimizer.State("exp_avg").Span.ToArray();
        var countBefore = optimizer.StepCount;
        Exception? seen = null;

        // The schedule runs inside the step, after it has claimed the optimizer and before it writes.
        optimizer.Schedule = new CallbackSchedule(() => seen = OnOtherThread(() => CallsFromAnotherThread[call](optimizer, other, gradients)));
        optimizer.Step(parameters, gradients);

        var error = Assert.IsType<InvalidOperationException>(seen);
        Assert.Contains("another call was running", error.Message, StringComparison.Ordinal);
        Assert.All(other.Span.ToArray(), p => Assert.Equal(3f, p));
        Assert.Equal(countBefore + 1, optimizer.StepCount);
        Assert.NotEqual(stateBefore, optimizer.State("exp_avg").Span.ToArray());
        Assert.Equal(0.1, optimizer.LearningRate);
    }

    [Fact]
    public void Apply_calls_of_one_prepared_step_may_overlap()
    {
        var sgd = new Sgd(ParameterLayout.Create(("w", [1 << 16])), learningRate: 1);
        var parameters = new ParameterBuffer(sgd.Layout);
        var gradients = new ParameterBuffer(sgd.Layout);
        gradients.Span.Fill(1);
        for (var round = 0; round < 200; round++)
        {
            var step = sgd.PrepareStep(gradients.Span);
            var half = sgd.Layout.TotalLength / 2;
            Parallel.For(0, 2, i => sgd.ApplyStep(step, parameters.Span, gradients.Span, i * half, half));
            sgd.CompleteStep(step);
        }

        Assert.All(parameters.Span.ToArray(), p => Assert.Equal(-200f, p));
    }

    [Fact]
    public void Step_workers_serve_one_step_at_a_time()
    {
        using var workers = new StepWorkers(2, threshold: 1);
        var first = new Sgd(Layout, learningRate: 1);
        var second = new Sgd(Layout, learningRate: 1) { Schedule = new ConstantSchedule(5) };
        var parameters = new ParameterBuffer(Layout);
        var otherParameters = new ParameterBuffer(Layout);
        var gradients = new ParameterBuffer(Layout);
        gradients.Span.Fill(1);
        Exception? seen = null;
        first.Schedule = new CallbackSchedule(() => seen = OnOtherThread(() => second.Step(otherParameters, gradients, workers)));

        first.Step(parameters, gradients, workers);

        Assert.IsType<InvalidOperationException>(seen);
        Assert.Equal(0, second.StepCount);
        Assert.Equal(1, second.LearningRate);
        Assert.All(otherParameters.Span.ToArray(), p => Assert.Equal(0f, p));
        Assert.All(parameters.Span.ToArray(), p => Assert.Equal(-0.1f, p));
    }

    private static readonly Dictionary<string, Action<Optimizer, ParameterBuffer, ParameterBuffer>> CallsFromAnotherThread = new()
    {
        ["Step(buffers)"] = (o, p, g) => o.Step(p, g),
        ["Step(spans)"] = (o, p, g) => o.Step(p.Span, g.Span),
        ["Step(workers)"] = (o, p, g) =>
        {
            using var workers = new StepWorkers(1);
            o.Step(p, g, workers);
        },
        ["PrepareStep"] = (o, _, g) => o.PrepareStep(g.Span),
        ["ApplyStep"] = (o, p, g) => o.ApplyStep(default, p.Span, g.Span, 0, 1),
        ["CompleteStep"] = (o, _, _) => o.CompleteStep(default),
        ["Reset"] = (o, _, _) => o.Reset(),
        ["RestoreStepCount"] = (o, _, _) => o.RestoreStepCount(0),
        ["LearningRate"] = (o, _, _) => o.LearningRate = 7,
        ["Checkpoint.Save"] = (o, p, _) => Checkpoint.Save(new MemoryStream(), o, p),
    };

    private static Exception? OnOtherThread(Action action)
    {
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                caught = e;
            }
        });
        thread.Start();
        thread.Join();
        return caught;
    }

    /// <summary>A constant 0.1 that runs <see cref="_during"/> the first time a step asks for it.</summary>
    private sealed class CallbackSchedule(Action during) : LearningRateSchedule
    {
        private Action? _during = during;

        public override double At(long counter)
        {
            var action = Interlocked.Exchange(ref _during, null);
            action?.Invoke();
            return 0.1;
        }
    }
}
