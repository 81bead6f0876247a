using SimdOpt.Gradients;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Schedules;

namespace SimdOpt.Tests.Schedules;

public class ScheduleWithOptimizerTests
{
    [Fact]
    public void A_training_step_with_a_schedule_and_clipping_allocates_nothing()
    {
        var layout = new ParameterLayout.Builder().Add("W1", 64, 32).Add("b1", 32).Add("W2", 32, 10).Add("b2", 10).Build();
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        var adam = new Adam(layout, learningRate: 0.0, AdamOptions.AdamW(0.01), nonFiniteGradients: NonFiniteGradientPolicy.Skip);
        var schedule = SequenceSchedule.WarmupCosine(initialLearningRate: 0, peakLearningRate: 1e-3, warmupCount: 100, decayCount: 1_000, endLearningRate: 1e-5);
        var random = new Random(5);
        var raw = new float[layout.TotalLength];
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = (float)(random.NextDouble() - 0.5);
        }

        void TrainingStep()
        {
            raw.CopyTo(gradients.Span);
            adam.LearningRate = schedule.At(adam.StepCount);
            GradientClipping.ClipByGlobalNorm(gradients, maxNorm: 1.0, NonFiniteGradientPolicy.Skip);
            adam.Step(parameters, gradients);
        }

        for (var i = 0; i < 100; i++)
        {
            TrainingStep();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 900; i++)
        {
            TrainingStep();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1_000, adam.StepCount);
        Assert.Equal(schedule.At(999), adam.LearningRate);
    }
}
