using SimdOpt.Optimizers;
using SimdOpt.Training.Data;
using SimdOpt.Training.Loop;
using SimdOpt.Training.Network;
using Xunit.Abstractions;

namespace SimdOpt.Training.Tests.Loop;

public class CourseFiguresTests(ITestOutputHelper output)
{
    private readonly ITestOutputHelper _output = output;

    public static TheoryData<string, double> Runs => new()
    {
        { "gd", 0.797 },
        { "momentum", 0.797 },
        { "adam", 0.94 },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Ten_thousand_epochs_at_course_settings_reach_the_courses_accuracy(string optimizer, double expected)
    {
        var data = CourseData.Load();
        var network = new DenseNetwork(CourseSettings.LayerSizes);
        network.InitializeHe(CourseSettings.InitializationSeed);
        Optimizer rule = optimizer switch
        {
            "gd" => new Sgd(network.Layout, CourseSettings.LearningRate),
            "momentum" => new MovingAverageMomentum(network.Layout, CourseSettings.LearningRate, new MovingAverageMomentumOptions { Beta = CourseSettings.Beta }),
            _ => new Adam(network.Layout, CourseSettings.LearningRate, new AdamOptions { Beta1 = CourseSettings.Beta1, Beta2 = CourseSettings.Beta2, Epsilon = CourseSettings.Epsilon }),
        };

        var result = new Trainer(network, rule, data, new TrainingOptions()).Train();
        var accuracy = Prediction.Accuracy(network, data);

        Assert.Equal(10_000 * 5, result.Steps);
        Assert.Equal(101, result.Costs.Count);
        _output.WriteLine($"{optimizer}: accuracy {accuracy:F4}, final cost {result.FinalCost:F6}, {result.Elapsed.TotalSeconds:F2} s");
        Assert.InRange(accuracy, expected - 0.015, expected + 0.015);
    }
}
