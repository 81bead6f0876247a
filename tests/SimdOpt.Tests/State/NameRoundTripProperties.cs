using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.State;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.State;

/// <summary>
/// Whatever saves must load: every name a writer accepts (tensor names, group names, safetensors metadata keys and
/// values) comes back from its reader exactly, and every name a reader could not give back (a lone UTF-16 surrogate,
/// null) is refused where it is given, before anything is written.
/// </summary>
public class NameRoundTripProperties
{
    // Pieces that stress the JSON writer and UTF-8: quotes, escapes, controls, line separators, a valid pair, lone halves.
    private static readonly string[] Pieces =
        ["a", "Z", "0", " ", "\"", "\\", "/", "\0", "\u001f", "\u007f", "é", "\u2028", "\uFFFD", "\uFEFF", "\uD83D\uDE00", "\uD800", "\uDBFF", "\uDC00", "\uDFFF"];

    private static Gen<string> Names =>
        Gen.Choose(1, 8).SelectMany(n => Gen.Elements(Pieces).ListOf(n)).Select(p => string.Concat(p));

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public void A_tensor_name_saves_and_loads_exactly_or_is_refused_by_the_layout()
    {
        PropertySettings.Check((from tensor in Names from pair in Names select (tensor, pair)).ToArbitrary(), c =>
        {
            var (tensor, _) = c;
            ParameterLayout layout;
            try
            {
                layout = ParameterLayout.Create((tensor, [2]), ("other", [1]));
            }
            catch (ArgumentException)
            {
                Assert.True(HasLoneSurrogate(tensor) || string.IsNullOrWhiteSpace(tensor) || tensor == "other", $"'{tensor}' was refused");
                return;
            }

            Assert.False(HasLoneSurrogate(tensor), "a name with a lone surrogate was accepted");
            var parameters = new ParameterBuffer(layout);
            parameters.Span.Fill(1.5f);

            using var checkpoint = new MemoryStream();
            Checkpoint.Save(checkpoint, new Sgd(layout, 0.1), parameters);
            checkpoint.Position = 0;
            var loaded = new ParameterBuffer(layout);
            Checkpoint.Load(checkpoint, new Sgd(layout, 0.1), loaded);
            Assert.Equal(parameters.Span.ToArray(), loaded.Span.ToArray());

            if (tensor != SafeTensors.MetadataKey)
            {
                using var weights = new MemoryStream();
                SafeTensors.Write(weights, parameters);
                weights.Position = 0;
                var read = new ParameterBuffer(layout);
                SafeTensors.Read(weights, read);
                Assert.Equal(parameters.Span.ToArray(), read.Span.ToArray());
            }
        });
    }

    [Fact]
    public void A_group_name_saves_and_loads_exactly_or_is_refused_by_the_group()
    {
        PropertySettings.Check(Names.ToArbitrary(), name =>
        {
            var layout = ParameterLayout.Create(("w", [3]), ("b", [1]));
            ParameterGroup<SgdOptions> group;
            try
            {
                group = ParameterGroup<SgdOptions>.ForTensors(name, new SgdOptions { WeightDecay = 0.5 }, "b");
            }
            catch (ArgumentException)
            {
                Assert.True(HasLoneSurrogate(name), $"'{name}' was refused");
                return;
            }

            Assert.False(HasLoneSurrogate(name), "a group name with a lone surrogate was accepted");
            using var checkpoint = new MemoryStream();
            Checkpoint.Save(checkpoint, new Sgd(layout, 0.1, groups: [group]));
            checkpoint.Position = 0;
            Checkpoint.Load(checkpoint, new Sgd(layout, 0.1, groups: [group]));
        });
    }

    [Fact]
    public void Safetensors_metadata_saves_and_loads_exactly_or_is_refused_by_the_writer()
    {
        PropertySettings.Check((from key in Names from value in Names select (key, value)).ToArbitrary(), c =>
        {
            var buffer = new ParameterBuffer(ParameterLayout.Create(("w", [2])));
            using var file = new MemoryStream();
            try
            {
                SafeTensors.Write(file, buffer, new Dictionary<string, string> { [c.key] = c.value });
            }
            catch (ArgumentException)
            {
                Assert.True(HasLoneSurrogate(c.key) || HasLoneSurrogate(c.value), $"'{c.key}' = '{c.value}' was refused");
                Assert.Equal(0, file.Length);
                return;
            }

            Assert.False(HasLoneSurrogate(c.key) || HasLoneSurrogate(c.value), "metadata with a lone surrogate was accepted");
            file.Position = 0;
            var metadata = SafeTensors.Read(file, new ParameterBuffer(buffer.Layout));
            Assert.Equal(c.value, Assert.Single(metadata, m => m.Key == c.key).Value);
        });
    }

    [Fact]
    public void Null_names_and_delegates_are_refused_where_they_are_given()
    {
        var options = new SgdOptions();
        Assert.Equal("Name", Assert.Throws<ArgumentNullException>(() => new ParameterGroup<SgdOptions>(null!, _ => true, options)).ParamName);
        Assert.Equal("Selects", Assert.Throws<ArgumentNullException>(() => new ParameterGroup<SgdOptions>("g", null!, options)).ParamName);
        Assert.Equal("Options", Assert.Throws<ArgumentNullException>(() => new ParameterGroup<SgdOptions>("g", _ => true, null!)).ParamName);
        var group = new ParameterGroup<SgdOptions>("g", _ => true, options);
        Assert.Throws<ArgumentNullException>(() => group with { Name = null! });
        Assert.Throws<ArgumentNullException>(() => group with { Selects = null! });
        Assert.Throws<ArgumentException>(() => group with { Name = "g\uD800" });

        var buffer = new ParameterBuffer(ParameterLayout.Create(("w", [2])));
        using var file = new MemoryStream();
        Assert.Throws<ArgumentNullException>(() => SafeTensors.Write(file, buffer, new Dictionary<string, string> { ["k"] = null! }));
        Assert.Equal(0, file.Length);
    }
}
