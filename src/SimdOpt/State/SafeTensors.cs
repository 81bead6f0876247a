using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Text.Json;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Precision;

namespace SimdOpt.State;

/// <summary>
/// Exports and imports a <see cref="ParameterBuffer"/> as <c>safetensors</c>, the tensor file format of the
/// Python ML ecosystem (readable by <c>safetensors.torch.load_file</c> and <c>safetensors.numpy.load_file</c>).
/// </summary>
/// <remarks>
/// <para>Format: an unsigned 64-bit little-endian header length N; N bytes of UTF-8 JSON, an object that maps
/// each tensor name to <c>{"dtype": "F32", "shape": [d0, ...], "data_offsets": [begin, end]}</c> and may hold
/// <c>"__metadata__"</c>, an object of string values; then the data area, where tensor bytes sit at
/// <c>[begin, end)</c> relative to the area's start, float32 little-endian, row-major.</para>
/// <para>The writer emits <c>__metadata__</c> first (when given), then the tensors in layout order with
/// contiguous offsets, and pads the header with spaces so the data area starts at a multiple of 8 bytes.</para>
/// <para>The reader accepts any tensor order and any ASCII whitespace padding, and checks, before it
/// changes the buffer: N at most <see cref="MaxHeaderLength"/> and inside the stream; valid JSON of the
/// shape above with no repeated name and no unknown key; dtype <c>F32</c> only; non-negative integer shapes
/// and offsets with <c>begin &lt;= end</c> and <c>product(shape) * 4 == end - begin</c>; offsets that tile the
/// data area exactly (no overlap, no gap, nothing after the last tensor); then the names and shapes
/// against the layout, reporting every missing tensor, extra tensor and shape difference; finally it reads the
/// whole data area into a staging copy and only then copies it into the buffer.</para>
/// </remarks>
public static class SafeTensors
{
    /// <summary>The largest header the reader accepts: 100,000,000 bytes, the limit of the reference implementation.</summary>
    public const int MaxHeaderLength = 100_000_000;

    /// <summary>The key of the optional string-to-string metadata object.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Appended to a quantized tensor's name to name its 8-bit block scales (see <see cref="WriteState"/>).</summary>
    public const string AbsmaxSuffix = ".absmax";

    private static readonly ReadOnlyDictionary<string, string> NoMetadata = new(new Dictionary<string, string>());

    /// <summary>Writes every tensor of <paramref name="buffer"/> as F32 to <paramref name="stream"/> at its current position.</summary>
    /// <param name="stream">A writable stream; not flushed or closed.</param>
    /// <param name="buffer">The tensors to write, named and shaped by its layout.</param>
    /// <param name="metadata">Optional <c>__metadata__</c> entries.</param>
    /// <exception cref="ArgumentException">A tensor is named <c>__metadata__</c>, or a metadata key or value is null or holds a lone surrogate (the reader could not give it back).</exception>
    public static void Write(Stream stream, ParameterBuffer buffer, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(buffer);
        var header = BuildHeader(buffer.Layout, metadata, "F32", sizeof(float));
        Span<byte> length = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        StateIO.WriteFloats(stream, buffer.Span, hash: null);
    }

    /// <summary>Writes a safetensors file atomically (temporary file in the same folder, flushed to disk, renamed over <paramref name="path"/>).</summary>
    /// <param name="path">The file; replaced if it exists.</param>
    /// <param name="buffer">The tensors to write, named and shaped by its layout.</param>
    /// <param name="metadata">Optional <c>__metadata__</c> entries.</param>
    /// <exception cref="ArgumentException">A tensor is named <c>__metadata__</c>, or a metadata key or value is null or holds a lone surrogate (the reader could not give it back).</exception>
    /// <exception cref="IOException">The file system refused the write or the rename.</exception>
    public static void Save(string path, ParameterBuffer buffer, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _ = BuildHeader(buffer.Layout, metadata, "F32", sizeof(float));
        StateIO.WriteAtomically(path, stream => Write(stream, buffer, metadata));
    }

    /// <summary>
    /// Writes one state buffer of <paramref name="optimizer"/> as it is stored, tensor by tensor in layout order: dtype
    /// <c>F32</c> for <see cref="StatePrecision.Float32"/> state, <c>BF16</c> (the bfloat16 bits, little-endian) for
    /// <see cref="StatePrecision.BFloat16"/> state. For <see cref="StatePrecision.Blockwise8Bit"/> state, a quantized tensor
    /// is written as <c>U8</c> codes of its shape followed by <c>name</c> + <see cref="AbsmaxSuffix"/>, its F32 block
    /// scales (one per piece between multiples of 256 in the buffer, in order; element i decodes to
    /// <c>map[code_i] * scale</c> of its piece), and a tensor under 4,096 elements as its F32 state. Python's
    /// <c>safetensors.torch.load_file</c> gives tensors of <c>torch.float32</c>, <c>torch.bfloat16</c> or <c>torch.uint8</c>. For inspection and export: <see cref="Read(Stream, ParameterBuffer)"/>
    /// reads F32 only, and a checkpoint is the way to save and resume an optimizer.
    /// </summary>
    /// <param name="stream">A writable stream; not flushed or closed.</param>
    /// <param name="optimizer">The optimizer whose state is written.</param>
    /// <param name="stateName">One of its <see cref="Optimizer.StateNames"/>.</param>
    /// <param name="metadata">Optional <c>__metadata__</c> entries.</param>
    /// <exception cref="KeyNotFoundException">The optimizer has no state of that name.</exception>
    /// <exception cref="NotSupportedException">The state's precision has no safetensors dtype.</exception>
    /// <exception cref="ArgumentException">With 8-bit state, the layout has a tensor named like another tensor's scales.</exception>
    public static void WriteState(Stream stream, Optimizer optimizer, string stateName, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(stateName);
        var slot = optimizer.StateNames.ToList().IndexOf(stateName);
        if (slot < 0)
        {
            _ = optimizer.State(stateName); // throws the optimizer's KeyNotFoundException, naming its states
        }

        var eightBit = optimizer.ReducedState as Blockwise8BitState;
        var entries = optimizer.StatePrecision switch
        {
            StatePrecision.Float32 => Entries(optimizer.Layout, "F32", sizeof(float)),
            StatePrecision.BFloat16 => Entries(optimizer.Layout, "BF16", sizeof(ushort)),
            StatePrecision.Blockwise8Bit => Blockwise8BitEntries(optimizer.Layout, eightBit!),
            _ => throw new NotSupportedException($"{optimizer.StatePrecision} state has no safetensors dtype."),
        };
        var header = BuildHeader(entries, metadata);
        var length = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        optimizer.Exclusively("SafeTensors.WriteState", o =>
        {
            stream.Write(length);
            stream.Write(header);
            if (eightBit is null)
            {
                StateBlocks.Write(o, slot, stream, hash: null);
                return;
            }

            foreach (var tensor in o.Layout.Tensors)
            {
                eightBit.WriteTensor(slot, tensor, stream);
            }
        });
    }

    /// <summary>
    /// Reads a safetensors file from <paramref name="stream"/>'s current position into <paramref name="buffer"/>.
    /// The file must hold exactly the layout's tensors (any order) as F32; a seekable stream must end where the
    /// data area ends. Validates everything first; on any failure the buffer is unchanged.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the file.</param>
    /// <param name="buffer">The buffer to fill; its layout names the tensors expected.</param>
    /// <returns>The <c>__metadata__</c> entries (empty when there are none).</returns>
    /// <exception cref="StateFileFormatException">The bytes are not valid safetensors, or use a dtype other than F32.</exception>
    /// <exception cref="StateFileMismatchException">The tensors differ from the layout; the message lists missing and extra tensors and shape differences.</exception>
    public static IReadOnlyDictionary<string, string> Read(Stream stream, ParameterBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(buffer);
        return ReadCore(stream, buffer);
    }

    /// <summary>Reads the safetensors file at <paramref name="path"/> into <paramref name="buffer"/>; see <see cref="Read(Stream, ParameterBuffer)"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="buffer">The buffer to fill; its layout names the tensors expected.</param>
    /// <returns>The <c>__metadata__</c> entries (empty when there are none).</returns>
    /// <exception cref="StateFileFormatException">The bytes are not valid safetensors, or use a dtype other than F32.</exception>
    /// <exception cref="StateFileMismatchException">The tensors differ from the layout.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    public static IReadOnlyDictionary<string, string> Load(string path, ParameterBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        using var stream = StateIO.OpenRead(path);
        return ReadCore(stream, buffer);
    }

    private sealed record TensorEntry(string Name, string Dtype, int[] Shape, long Bytes);

    /// <summary>Every tensor of <paramref name="layout"/> in one dtype of <paramref name="elementSize"/> bytes.</summary>
    private static List<TensorEntry> Entries(ParameterLayout layout, string dtype, int elementSize) =>
        [.. layout.Tensors.Select(t => new TensorEntry(t.Name, dtype, t.Shape.ToArray(), (long)t.Length * elementSize))];

    /// <summary>
    /// 8-bit state as stored: a quantized tensor as <c>U8</c> codes of its shape followed by <c>name.absmax</c>, its F32
    /// block scales in buffer order; a tensor that keeps float32 state as <c>F32</c>.
    /// </summary>
    private static List<TensorEntry> Blockwise8BitEntries(ParameterLayout layout, Blockwise8BitState state)
    {
        var entries = new List<TensorEntry>();
        foreach (var tensor in layout.Tensors)
        {
            var scales = state.ScaleCount(tensor);
            if (scales == 0)
            {
                entries.Add(new TensorEntry(tensor.Name, "F32", tensor.Shape.ToArray(), (long)tensor.Length * sizeof(float)));
                continue;
            }

            var scaleName = tensor.Name + AbsmaxSuffix;
            if (layout.TryGet(scaleName, out _))
            {
                throw new ArgumentException($"The layout has a tensor named '{scaleName}', the name of tensor '{tensor.Name}''s 8-bit scales in a safetensors file.", nameof(layout));
            }

            entries.Add(new TensorEntry(tensor.Name, "U8", tensor.Shape.ToArray(), tensor.Length));
            entries.Add(new TensorEntry(scaleName, "F32", [scales], (long)scales * sizeof(float)));
        }

        return entries;
    }

    private static byte[] BuildHeader(ParameterLayout layout, IReadOnlyDictionary<string, string>? metadata, string dtype, int elementSize) =>
        BuildHeader(Entries(layout, dtype, elementSize), metadata);

    private static byte[] BuildHeader(List<TensorEntry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            if (metadata is not null && metadata.Count > 0)
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    NameCheck.Unicode(key, "Metadata key", nameof(metadata));
                    NameCheck.Unicode(value, $"The value of metadata key '{key}'", nameof(metadata));
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var tensor in entries)
            {
                if (tensor.Name == MetadataKey)
                {
                    throw new ArgumentException($"A tensor cannot be named {MetadataKey} in a safetensors file.", "layout");
                }

                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.Dtype);
                json.WriteStartArray("shape");
                foreach (var d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.Bytes;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // Pad with spaces so that 8 + N is a multiple of 8: the data area starts 8-byte aligned.
        var length = (int)output.Length;
        var padded = (length + 7) & ~7;
        var header = new byte[padded];
        output.GetBuffer().AsSpan(0, length).CopyTo(header);
        header.AsSpan(length).Fill((byte)' ');
        return header;
    }

    private sealed record Entry(string Name, long[] Shape, long Begin, long End);

    private static ReadOnlyDictionary<string, string> ReadCore(Stream stream, ParameterBuffer buffer)
    {
        var remaining = StateIO.Remaining(stream);
        Span<byte> prefix = stackalloc byte[sizeof(ulong)];
        StateIO.ReadExactly(stream, prefix, "8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength < 2 || headerLength > MaxHeaderLength)
        {
            throw new StateFileFormatException($"The header length {headerLength} is outside [2, {MaxHeaderLength}].");
        }

        if (remaining >= 0 && (long)headerLength > remaining - sizeof(ulong))
        {
            throw new StateFileFormatException($"The file is truncated: the header claims {headerLength} bytes but the stream holds {remaining} bytes in all.");
        }

        var header = StateIO.ReadGrowing(stream, (int)headerLength, "header");
        if (header[0] != (byte)'{')
        {
            throw new StateFileFormatException($"The header must start with '{{'; it starts with byte 0x{header[0]:X2}.");
        }

        ReadOnlyDictionary<string, string> metadata = NoMetadata;
        var entries = new List<Entry>();
        using (var document = Json.Parse(header, "safetensors header"))
        {
            CheckTensorCount(document.RootElement, buffer.Layout);
            foreach (var property in Json.Properties(document.RootElement, "The safetensors header"))
            {
                if (property.Name == MetadataKey)
                {
                    metadata = ParseMetadata(property.Value);
                }
                else
                {
                    entries.Add(ParseEntry(property.Name, property.Value));
                }
            }
        }

        var dataLength = CheckTiling(entries);
        if (remaining >= 0 && remaining - sizeof(ulong) - (long)headerLength != dataLength)
        {
            var available = remaining - sizeof(ulong) - (long)headerLength;
            throw new StateFileFormatException(
                $"The data area holds {available} bytes but the tensors cover {dataLength}: the file is {(available < dataLength ? "truncated" : "followed by bytes no tensor covers")}.");
        }

        var mismatch = LayoutDiff.Describe(buffer.Layout, entries.Select(e => (e.Name, e.Shape)).ToList(), checkOrder: false);
        if (mismatch is not null)
        {
            throw new StateFileMismatchException("The safetensors tensors differ from the target layout." + mismatch);
        }

        // The tensors are exactly the layout's, so the data area is exactly the buffer's size.
        var staging = new float[buffer.Length];
        var byBegin = entries.OrderBy(e => e.Begin).ToList();
        foreach (var entry in byBegin)
        {
            var tensor = buffer.Layout[entry.Name];
            StateIO.ReadFloats(stream, staging.AsSpan(tensor.Offset, tensor.Length), hash: null, $"data of tensor '{entry.Name}'");
        }

        staging.CopyTo(buffer.Span);
        return metadata;
    }

    /// <summary>
    /// Throws a mismatch when the header names more tensors than the layout holds, before any per-tensor work: the
    /// cost of a header that could never fit stays one pass over its keys, and the message names the first few
    /// tensors the layout lacks and the counts.
    /// </summary>
    private static void CheckTensorCount(JsonElement root, ParameterLayout layout)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var count = 0;
        foreach (var property in root.EnumerateObject())
        {
            count += property.NameEquals(MetadataKey) ? 0 : 1;
        }

        if (count <= layout.Count)
        {
            return;
        }

        var extra = root.EnumerateObject().Select(p => p.Name).Where(n => n != MetadataKey && !layout.TryGet(n, out _));
        throw new StateFileMismatchException(
            $"The safetensors file holds {count} tensors; the target layout has {layout.Count}. Not in the target layout: {NameSample.First(extra)}.");
    }

    private static ReadOnlyDictionary<string, string> ParseMetadata(JsonElement element)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in Json.Properties(element, MetadataKey))
        {
            metadata[p.Name] = Json.String(p.Value, $"{MetadataKey}.{p.Name}");
        }

        return new ReadOnlyDictionary<string, string>(metadata);
    }

    private static Entry ParseEntry(string name, JsonElement element)
    {
        var where = $"Tensor '{name}'";
        var properties = Json.Properties(element, where);
        Json.OnlyKeys(properties, where, "dtype", "shape", "data_offsets");
        var dtype = Json.String(Json.Required(properties, "dtype", where), where + " dtype");
        if (dtype != "F32")
        {
            throw new StateFileFormatException($"{where} has dtype {dtype}; only F32 is supported.");
        }

        var shape = Json.Shape(Json.Required(properties, "shape", where), where + " shape");
        var offsets = Json.Array(Json.Required(properties, "data_offsets", where), where + " data_offsets");
        if (offsets.Count != 2)
        {
            throw new StateFileFormatException($"{where} data_offsets must be [begin, end]; it has {offsets.Count} numbers.");
        }

        var begin = Json.Int64(offsets[0], where + " data_offsets[0]");
        var end = Json.Int64(offsets[1], where + " data_offsets[1]");
        if (begin < 0 || end < begin)
        {
            throw new StateFileFormatException($"{where} data_offsets [{begin}, {end}] must satisfy 0 <= begin <= end.");
        }

        var count = Json.ElementCount(shape);
        if (count < 0 || count * sizeof(float) != end - begin)
        {
            throw new StateFileFormatException(
                $"{where} has shape {Json.ShapeText(shape)} ({(count < 0 ? "too many" : count.ToString(System.Globalization.CultureInfo.InvariantCulture))} elements of 4 bytes) but data_offsets [{begin}, {end}] span {end - begin} bytes.");
        }

        return new Entry(name, shape, begin, end);
    }

    /// <summary>Checks the tensors tile [0, end) with no overlap and no gap; returns the data area's length.</summary>
    private static long CheckTiling(List<Entry> entries)
    {
        long position = 0;
        Entry? previous = null;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin < position)
            {
                throw new StateFileFormatException($"Tensor '{e.Name}' [{e.Begin}, {e.End}) overlaps tensor '{previous!.Name}' [{previous.Begin}, {previous.End}).");
            }

            if (e.Begin > position)
            {
                throw new StateFileFormatException($"No tensor covers bytes [{position}, {e.Begin}) of the data area (before tensor '{e.Name}').");
            }

            position = e.End;
            previous = e;
        }

        return position;
    }
}
