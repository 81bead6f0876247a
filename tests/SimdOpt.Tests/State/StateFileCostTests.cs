using System.Buffers.Binary;
using System.Text;
using SimdOpt.Parameters;
using SimdOpt.State;

namespace SimdOpt.Tests.State;

/// <summary>
/// The cost of reading a state file, and the length of what it reports, stay in proportion to the target, not to
/// what a hostile header claims: a header of a million names gives a short message after bounded work.
/// </summary>
public class StateFileCostTests
{
    private static byte[] SafetensorsOfEmptyTensors(int count)
    {
        var header = new StringBuilder("{");
        for (var i = 0; i < count; i++)
        {
            header.Append(i == 0 ? "" : ",").Append("\"z").Append(i).Append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
        }

        var json = Encoding.ASCII.GetBytes(header.Append('}').ToString());
        var file = new byte[8 + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        return file;
    }

    [Fact]
    public void A_header_of_many_empty_tensors_is_refused_with_a_short_message_after_bounded_work()
    {
        var file = SafetensorsOfEmptyTensors(300_000);
        var buffer = new ParameterBuffer(ParameterLayout.Create(("w", [2]), ("b", [1])));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<StateFileMismatchException>(() => SafeTensors.Read(new MemoryStream(file), buffer));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("holds 300000 tensors; the target layout has 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Not in the target layout: z0, z1, z2, z3, z4, z5, z6, z7, ...", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message);
        // What remains is reading the header (its buffer grows by doubling) and JsonDocument's index of it: about 9 times
        // the header's bytes here, so at most about 1 GB at the 100 MB header limit (5.3 GB and a 20-million-character message before).
        Assert.True(allocated < 12L * file.Length, $"allocated {allocated:N0} bytes for a {file.Length:N0}-byte header");
    }

    [Fact]
    public void A_layout_difference_of_thousands_of_names_lists_the_first_few_and_counts()
    {
        var builder = new ParameterLayout.Builder();
        var other = new ParameterLayout.Builder();
        for (var i = 0; i < 5000; i++)
        {
            builder.Add("a" + i, 1);
            other.Add("b" + i, 1);
        }

        using var file = new MemoryStream();
        SafeTensors.Write(file, new ParameterBuffer(other.Build()));
        file.Position = 0;
        var error = Assert.Throws<StateFileMismatchException>(() => SafeTensors.Read(file, new ParameterBuffer(builder.Build())));
        Assert.Contains("Missing from the file: a0(1), a1(1), a2(1), a3(1), a4(1), a5(1), a6(1), a7(1), ... (5000 in all).", error.Message, StringComparison.Ordinal);
        Assert.Contains("Not in the target layout: b0(1), ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 500, error.Message);
    }

    [Fact]
    public void An_unknown_name_lists_the_first_known_names_and_their_count()
    {
        var builder = new ParameterLayout.Builder();
        for (var i = 0; i < 20_000; i++)
        {
            builder.Add("t" + i, 1);
        }

        var error = Assert.Throws<KeyNotFoundException>(() => builder.Build()["nope"]);
        Assert.EndsWith("t6, t7, ... (20000 in all).", error.Message, StringComparison.Ordinal);
    }
}
