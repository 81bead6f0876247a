using SimdOpt.Gradients;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Schedules;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Schedules;

[Collection(SerialCollection.Name)]
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

        Assert.Equal(0, Allocations.Measure(TrainingStep, 900));
        Assert.Equal(schedule.At(adam.StepCount - 1), adam.LearningRate);
    }

    [Fact]
    public void A_step_driven_schedule_sets_the_rate_of_each_step_from_the_completed_step_count()
    {
        var layout = ParameterLayout.Create(("w", [1]));
        var sgd = new Sgd(layout, 123) { Schedule = new StepSchedule(1.0, stepSize: 2, gamma: 0.5) };
        float[] p = [0];
        float[] g = [1];
        var trace = new List<float>();
        for (var i = 0; i < 5; i++)
        {
            sgd.Step(p, g);
            trace.Add(p[0]);
        }

        // Rates 1, 1, 0.5, 0.5, 0.25 for steps 1..5.
        Assert.Equal([-1f, -2f, -2.5f, -3f, -3.25f], trace);
        Assert.Equal(0.25, sgd.LearningRate);
    }

    [Fact]
    public void A_skipped_step_does_not_advance_the_schedule()
    {
        var layout = ParameterLayout.Create(("w", [1]));
        var sgd = new Sgd(layout, 0, nonFiniteGradients: NonFiniteGradientPolicy.Skip) { Schedule = new InverseTimeDecaySchedule(1.0, decayRate: 1.0) };
        float[] p = [0];
        sgd.Step(p, [float.NaN]);
        sgd.Step(p, [1]);
        Assert.Equal(-1f, p[0]);
        sgd.Step(p, [1]);
        Assert.Equal(-1.5f, p[0]);
    }
}
