using SimdOpt.Training.Data;

namespace SimdOpt.Training.Tests.Data;

public class CsvDatasetTests
{
    [Fact]
    public void Reads_with_and_without_a_header()
    {
        var withHeader = Parse("x1,x2,label\n0.5,-1,1\n2,3.25,0\n");
        var without = Parse("0.5,-1,1\n\n2,3.25,0");
        foreach (var data in new[] { withHeader, without })
        {
            Assert.Equal(2, data.Count);
            Assert.Equal([0.5f, 2f, -1f, 3.25f], data.Features.ToArray());
            Assert.Equal([1f, 0f], data.Labels.ToArray());
        }
    }

    [Theory]
    [InlineData("x1,x2,label\n1,2,1\n1,2\n", "line 3", "expected 3 values (x1,x2,label)")]
    [InlineData("1,2,1\n1,abc,0\n", "line 2", "x2 is not a finite number: 'abc'")]
    [InlineData("1,2,1\n1,2,2\n", "line 2", "label must be 0 or 1")]
    [InlineData("1,2,1\n1,2,1,4\n", "line 2", "found 4")]
    [InlineData("NaN,2,1\n", "line 1", "x1 is not a finite number")]
    [InlineData("x1,x2,label\n", "no examples", "")]
    public void Malformed_input_names_the_line(string text, string where, string what)
    {
        var error = Assert.Throws<InvalidDataException>(() => Parse(text));
        Assert.Contains("points.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains(where, error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_reads_a_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "x1,x2,label\n1,2,1\n");
            Assert.Equal(1, CsvDataset.Load(path).Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Dataset Parse(string text) => CsvDataset.Parse(new StringReader(text), "points.csv");
}
