using SimdOpt.Training.Data;

namespace SimdOpt.Training.Tests.Data;

/// <summary>Real tables: any number of feature columns, a chosen label column, other separators and quoting.</summary>
public class CsvTableTests
{
    private static CsvTable Parse(string text, string? label = null) => CsvDataset.ParseTable(new StringReader(text), "table.csv", label);

    [Fact]
    public void A_header_names_the_columns_and_the_label_column_named_label_is_the_label_wherever_it_is()
    {
        var table = Parse("age,label,height,weight\n30,1,1.8,80\n40,0,1.6,55\n");
        Assert.Equal(["age", "height", "weight"], table.FeatureNames);
        Assert.Equal("label", table.LabelName);
        Assert.Equal(3, table.Data.FeatureCount);
        Assert.Equal([30f, 40f], table.Data.Feature(0).ToArray());
        Assert.Equal([1.8f, 1.6f], table.Data.Feature(1).ToArray());
        Assert.Equal([80f, 55f], table.Data.Feature(2).ToArray());
        Assert.Equal([1f, 0f], table.Data.Labels.ToArray());
    }

    [Theory]
    [InlineData("survived")]
    [InlineData("2")]
    public void The_label_column_is_chosen_by_name_or_by_1_based_number(string label)
    {
        var table = Parse("fare,survived,class\n7.25,0,3\n71.3,1,1\n", label);
        Assert.Equal(["fare", "class"], table.FeatureNames);
        Assert.Equal("survived", table.LabelName);
        Assert.Equal([7.25f, 71.3f, 3f, 1f], table.Data.Features.ToArray());
        Assert.Equal([0f, 1f], table.Data.Labels.ToArray());
    }

    [Fact]
    public void Without_a_header_the_last_column_is_the_label_unless_a_number_says_otherwise()
    {
        var last = Parse("1,2,3,4,1\n5,6,7,8,0\n");
        Assert.Equal(["x1", "x2", "x3", "x4"], last.FeatureNames);
        Assert.Equal([1f, 0f], last.Data.Labels.ToArray());

        var first = Parse("1,2,3\n0,6,7\n", "1");
        Assert.Equal(["x1", "x2"], first.FeatureNames);
        Assert.Equal([1f, 0f], first.Data.Labels.ToArray());
        Assert.Equal([2f, 6f, 3f, 7f], first.Data.Features.ToArray());
    }

    [Fact]
    public void Semicolons_tabs_quotes_spaces_and_blank_lines_are_read()
    {
        var semicolons = Parse("\"a\";\"b\";label\n 1.5 ; 2 ;1\n\n3;\"4\";0\n");
        Assert.Equal(["a", "b"], semicolons.FeatureNames);
        Assert.Equal([1.5f, 3f, 2f, 4f], semicolons.Data.Features.ToArray());
        var tabs = Parse("a\tlabel\n1\t1\n2\t0\n");
        Assert.Equal([1f, 2f], tabs.Data.Features.ToArray());
    }

    [Theory]
    [InlineData("a,b,label\n1,2,1\n", "nope", "no label column 'nope'; the columns are a, b, label")]
    [InlineData("a,b,label\n1,2,1\n", "4", "no label column '4'")]
    [InlineData("a,b,label\n1,2,1\n1,2\n", null, "line 3: expected 3 values (a,b,label) but found 2")]
    [InlineData("a,b,c,label\n1,2,x,1\n", null, "line 2: c is not a finite number: 'x'")]
    [InlineData("a,b,label\n1,2,0.5\n", null, "line 2: the label must be 0 or 1, got '0.5'")]
    [InlineData("7\n", null, "line 1: found 1 value")]
    public void A_bad_table_is_one_clear_error(string text, string? label, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => Parse(text, label));
        Assert.Contains("table.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
