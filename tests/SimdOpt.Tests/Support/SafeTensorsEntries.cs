using System.Buffers.Binary;
using System.Text.Json;

namespace SimdOpt.Tests.Support;

/// <summary>
/// A safetensors file read by hand from the format description (u64 little-endian header size, the JSON header, the data
/// area), so tests check what a writer produced without going through the library's reader.
/// </summary>
internal sealed class SafeTensorsEntries : IDisposable
{
    private readonly JsonDocument _header;
    private readonly byte[] _data;

    public SafeTensorsEntries(byte[] file)
    {
        var headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file));
        _header = JsonDocument.Parse(file.AsMemory(8, headerLength));
        _data = file[(8 + headerLength)..];
    }

    /// <summary>The bytes of the whole data area.</summary>
    public int DataLength => _data.Length;

    /// <summary>The number of entries of the header (tensors, and <c>__metadata__</c> when there is one).</summary>
    public int EntryCount => _header.RootElement.EnumerateObject().Count();

    /// <summary>The bytes of tensor <paramref name="name"/>, after asserting its dtype and shape.</summary>
    public byte[] Tensor(string name, string dtype, long[] shape)
    {
        var entry = _header.RootElement.GetProperty(name);
        Assert.Equal(dtype, entry.GetProperty("dtype").GetString());
        Assert.Equal(shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(e => checked((int)e.GetInt64())).ToArray();
        Assert.Equal(2, offsets.Length);
        return _data[offsets[0]..offsets[1]];
    }

    public void Dispose() => _header.Dispose();
}
