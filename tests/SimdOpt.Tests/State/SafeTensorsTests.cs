using System.Buffers.Binary;
using System.Text;
using SimdOpt.Parameters;
using SimdOpt.State;

namespace SimdOpt.Tests.State;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("simdopt-st-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static ParameterLayout Layout() => ParameterLayout.Create(("w", [2, 3]), ("b", [2]));

    /// <summary>
    /// A file assembled byte by byte from the format description: u64 little-endian header size, the JSON
    /// header (tensors listed out of layout order, metadata last, trailing space padding), then the data
    /// area with "b" stored first. float32 little-endian: 1.0 = 00 00 80 3F, -2.0 = 00 00 00 C0,
    /// 0.5 = 00 00 00 3F, 3.0 = 00 00 40 40, 0.25 = 00 00 80 3E, -0.0 = 00 00 00 80, 10.0 = 00 00 20 41, 4.0 = 00 00 80 40.
    /// </summary>
    internal static byte[] HandWritten()
    {
        const string header =
            "{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}," +
            "\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[8,32]}," +
            "\"__metadata__\":{\"format\":\"pt\"}}   ";
        var json = Encoding.ASCII.GetBytes(header);
        var size = new byte[] { (byte)json.Length, 0, 0, 0, 0, 0, 0, 0 };
        byte[] data =
        [
            0x00, 0x00, 0x20, 0x41, // b[0] = 10
            0x00, 0x00, 0x80, 0x40, // b[1] = 4
            0x00, 0x00, 0x80, 0x3F, // w[0,0] = 1
            0x00, 0x00, 0x00, 0xC0, // w[0,1] = -2
            0x00, 0x00, 0x00, 0x3F, // w[0,2] = 0.5
            0x00, 0x00, 0x40, 0x40, // w[1,0] = 3
            0x00, 0x00, 0x80, 0x3E, // w[1,1] = 0.25
            0x00, 0x00, 0x00, 0x80, // w[1,2] = -0
        ];
        return [.. size, .. json, .. data];
    }

    [Fact]
    public void A_hand_written_file_loads_into_the_layout()
    {
        var buffer = new ParameterBuffer(Layout());
        var metadata = SafeTensors.Read(new MemoryStream(HandWritten()), buffer);
        Assert.Equal([1f, -2f, 0.5f, 3f, 0.25f, -0f], buffer["w"].ToArray());
        Assert.True(float.IsNegative(buffer["w"][5]));
        Assert.Equal([10f, 4f], buffer["b"].ToArray());
        Assert.Equal("pt", metadata["format"]);
        Assert.Single(metadata);
    }

    [Fact]
    public void The_writer_emits_the_documented_bytes()
    {
        var buffer = new ParameterBuffer(Layout());
        float[] values = [1f, -2f, 0.5f, 3f, 0.25f, -0f, 10f, 4f];
        values.CopyTo(buffer.Span);
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, buffer, new Dictionary<string, string> { ["format"] = "pt" });
        var bytes = stream.ToArray();

        const string expectedJson =
            "{\"__metadata__\":{\"format\":\"pt\"}," +
            "\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}," +
            "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}}";
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + n) % 8);
        Assert.Equal(expectedJson, Encoding.UTF8.GetString(bytes, 8, n).TrimEnd(' '));
        Assert.Equal(8 + n + 32, bytes.Length);
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0 }, bytes[(8 + n)..(8 + n + 8)]);
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x40 }, bytes[^4..]);

        var back = new ParameterBuffer(Layout());
        SafeTensors.Read(new MemoryStream(bytes), back);
        Assert.Equal(values, back.Span.ToArray());
    }

    [Fact]
    public void A_path_round_trip_is_atomic_and_keeps_metadata()
    {
        var buffer = new ParameterBuffer(Support.AllRules.SmallLayout());
        Support.AllRules.Fill(buffer.Span, 5);
        var path = Path.Combine(_folder, "model.safetensors");
        SafeTensors.Save(path, buffer, new Dictionary<string, string> { ["epoch"] = "3" });
        var back = new ParameterBuffer(buffer.Layout);
        Assert.Equal("3", SafeTensors.Load(path, back)["epoch"]);
        Bits.Equal(buffer.Span, back.Span, "round trip");
        Assert.Equal(["model.safetensors"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_layout_mismatch_lists_missing_extra_and_reshaped_tensors_and_changes_nothing()
    {
        var target = new ParameterBuffer(ParameterLayout.Create(("w", [3, 2]), ("c", [4])));
        target.Span.Fill(7f);
        var error = Assert.Throws<StateFileMismatchException>(() => SafeTensors.Read(new MemoryStream(HandWritten()), target));
        Assert.Contains("Missing from the file: c(4).", error.Message, StringComparison.Ordinal);
        Assert.Contains("Not in the target layout: b(2).", error.Message, StringComparison.Ordinal);
        Assert.Contains("Shape differences: w: file (2, 3), target (3, 2).", error.Message, StringComparison.Ordinal);
        Assert.All(target.Span.ToArray(), x => Assert.Equal(7f, x));
    }

    public static TheoryData<string, string> BadHeaders() => new()
    {
        { "{\"w\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,12]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", "dtype F16; only F32" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[20,28]}}", "overlaps tensor 'w'" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[28,36]}}", "No tensor covers bytes [24, 28)" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[20,28]}}", "span 20 bytes" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}}", "key 'w' more than once" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24],\"x\":1},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}}", "unknown key 'x'" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,24]}}", "is negative" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,24]}}", "too many" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[24,0]}}", "0 <= begin <= end" },
        { "{\"__metadata__\":{\"a\":1}}", "__metadata__.a must be a string" },
        { "[1,2]", "must start with '{'" },
        { "{\"w\":", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void A_bad_header_is_a_format_error_naming_the_problem(string header, string message)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + 32];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        var target = new ParameterBuffer(Layout());
        target.Span.Fill(7f);
        var error = Assert.Throws<StateFileFormatException>(() => SafeTensors.Read(new MemoryStream(bytes), target));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.All(target.Span.ToArray(), x => Assert.Equal(7f, x));
    }

    [Fact]
    public void Truncated_data_and_trailing_bytes_are_format_errors()
    {
        var file = HandWritten();
        var target = new ParameterBuffer(Layout());
        Assert.Contains("truncated", Assert.Throws<StateFileFormatException>(() => SafeTensors.Read(new MemoryStream(file[..^1]), target)).Message, StringComparison.Ordinal);
        Assert.Contains("no tensor covers", Assert.Throws<StateFileFormatException>(() => SafeTensors.Read(new MemoryStream([.. file, 0]), target)).Message, StringComparison.Ordinal);
        Assert.Contains("truncated", Assert.Throws<StateFileFormatException>(() => SafeTensors.Read(new ForwardOnlyStream(file[..^1]), target)).Message, StringComparison.Ordinal);
        Assert.All(target.Span.ToArray(), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void An_enormous_declared_header_length_is_rejected_without_allocating_it()
    {
        var file = HandWritten();
        BinaryPrimitives.WriteUInt64LittleEndian(file, 99_999_999);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<StateFileFormatException>(() => SafeTensors.Read(new MemoryStream(file), new ParameterBuffer(Layout())));
        Assert.Throws<StateFileFormatException>(() => SafeTensors.Read(new ForwardOnlyStream(file), new ParameterBuffer(Layout())));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        BinaryPrimitives.WriteUInt64LittleEndian(file, ulong.MaxValue);
        Assert.Contains("outside [2, 100000000]", Assert.Throws<StateFileFormatException>(() => SafeTensors.Read(new MemoryStream(file), new ParameterBuffer(Layout()))).Message, StringComparison.Ordinal);
    }
}
