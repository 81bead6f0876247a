using SimdOpt.Training.Data;

namespace SimdOpt.Training.Tests.Data;

public class MoonsTests
{
    [Fact]
    public void Course_data_has_300_examples_in_two_classes()
    {
        var data = CourseData.Load();
        Assert.Equal(300, data.Count);
        Assert.Equal(150, data.Labels.ToArray().Count(l => l == 1f));
        Assert.Equal(-0.21687013460912397f, data.Feature(0)[0]);
        Assert.Equal(1.0154493742029873f, data.Feature(1)[0]);
    }

    [Fact]
    public void Generator_with_seed_3_reproduces_the_course_data()
    {
        var course = CourseData.Load();
        var generated = MoonsGenerator.Generate(300, 0.2, 3);
        Assert.Equal(course.Labels.ToArray(), generated.Labels.ToArray());
        for (var i = 0; i < course.Features.Length; i++)
        {
            Assert.Equal(course.Features[i], generated.Features[i], 1e-6f);
        }
    }

    [Fact]
    public void Without_noise_points_lie_on_the_half_circles()
    {
        var data = MoonsGenerator.Generate(11, 0, 1);
        for (var j = 0; j < data.Count; j++)
        {
            double x = data.Feature(0)[j], y = data.Feature(1)[j];
            var radius = data.Labels[j] == 0f ? Math.Sqrt((x * x) + (y * y)) : Math.Sqrt(((x - 1) * (x - 1)) + ((y - 0.5) * (y - 0.5)));
            Assert.Equal(1.0, radius, 1e-6);
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MoonsGenerator.Generate(1, 0.2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => MoonsGenerator.Generate(10, -1, 3));
    }
}
