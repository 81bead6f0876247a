using System.Text;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.State;

namespace SimdOpt.Tests.State;

/// <summary>The atomic writers' temporary file fits every name the file system accepts for the target.</summary>
public class TemporaryNameTests
{
    [Theory]
    [InlineData("a.ckpt")]
    [InlineData("")]
    [InlineData("x")]
    public void The_temporary_name_starts_with_the_target_name_when_it_fits(string name)
    {
        var temporary = StateIO.TemporaryName(name);
        Assert.StartsWith("." + name + ".", temporary, StringComparison.Ordinal);
        Assert.EndsWith(".tmp", temporary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(255, 'c')]
    [InlineData(127, '\u00e9')]
    [InlineData(63, '\u4e2d')]
    public void The_temporary_name_of_a_long_name_stays_within_255_bytes(int count, char c)
    {
        var temporary = StateIO.TemporaryName(new string(c, count));
        Assert.InRange(Encoding.UTF8.GetByteCount(temporary), 1, StateIO.MaxFileNameBytes);
        Assert.DoesNotContain('\uFFFD', temporary);
    }

    [Fact]
    public void A_file_name_of_255_bytes_is_saved_and_loaded()
    {
        var folder = Directory.CreateTempSubdirectory("simdopt-names-").FullName;
        try
        {
            var layout = ParameterLayout.Create(("w", [2]));
            var buffer = new ParameterBuffer(layout);
            buffer.Span.Fill(2f);
            // 255 bytes: ASCII, and 2-byte characters (127 of them plus one ASCII byte).
            foreach (var name in new[] { new string('c', 250) + ".ckpt", new string('é', 127) + "x" })
            {
                Assert.Equal(255, Encoding.UTF8.GetByteCount(name));
                var path = Path.Combine(folder, name);
                Checkpoint.Save(path, new Sgd(layout, 0.1), buffer);
                var loaded = new ParameterBuffer(layout);
                Checkpoint.Load(path, new Sgd(layout, 0.1), loaded);
                Assert.Equal(buffer.Span.ToArray(), loaded.Span.ToArray());
                SafeTensors.Save(path, buffer);
                SafeTensors.Load(path, loaded);
            }

            Assert.Equal(2, Directory.GetFiles(folder).Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
