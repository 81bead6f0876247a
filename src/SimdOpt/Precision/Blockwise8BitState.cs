using System.Buffers.Binary;
using System.IO.Hashing;
using SimdOpt.Parameters;

namespace SimdOpt.Precision;

/// <summary>
/// <see cref="StatePrecision.Blockwise8Bit"/> state. Tensors of at least <see cref="MinimumTensorLength"/> elements are
/// quantized in blocks: the buffer is cut at every multiple of <see cref="BlockLength"/> and at tensor boundaries, and
/// each piece of such a tensor (a whole block, or the head or tail piece of the tensor) has one float32 scale and one
/// byte per element. Smaller tensors keep float32 state. Codes index a <see cref="DynamicMap"/>: the unsigned map for
/// states that are never negative (<see cref="UnsignedStateNames"/>), the signed map otherwise.
/// </summary>
/// <remarks>
/// Encoding one piece x[0..n): <c>absmax = max |x_j|</c> (NaN if any is NaN); <c>y_j = absmax &gt; 0 ? x_j / absmax : 0</c>
/// (float32 division); <c>code_j = #{k : t_k &lt; y_j}</c> over the map's thresholds (<see cref="DynamicMapCodec"/>).
/// Decoding: <c>x_j = map[code_j] * absmax</c>.
/// </remarks>
internal sealed class Blockwise8BitState : ReducedState
{
    /// <summary>Elements per block: pieces never cross a multiple of this in the buffer.</summary>
    public const int BlockLength = 256;


    /// <summary>State names whose values are never negative: they use the unsigned map.</summary>
    public static readonly IReadOnlySet<string> UnsignedStateNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "exp_avg_sq", "max_exp_avg_sq", "sum", "square_avg", "exp_inf", "acc_delta",
    };

    private readonly int[] _pieceStarts;
    private readonly int[] _pieceIndex;
    private readonly bool[] _pieceQuantized;
    private readonly byte[][] _codes;
    private readonly float[][] _scales;
    private readonly float[][] _floats;
    private readonly DynamicMapCodec[] _codecs;

    public Blockwise8BitState(ParameterLayout layout, IReadOnlyList<string> stateNames, int minimumTensorLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumTensorLength);
        MinimumTensorLength = minimumTensorLength;
        var starts = new List<int>();
        var index = new List<int>();
        var quantized = new List<bool>();
        var scaleCount = 0;
        var floatCount = 0;
        foreach (var tensor in layout.Tensors.Where(t => t.Length > 0).OrderBy(t => t.Offset))
        {
            if (tensor.Length < MinimumTensorLength)
            {
                starts.Add(tensor.Offset);
                index.Add(floatCount);
                quantized.Add(false);
                floatCount += tensor.Length;
                continue;
            }

            for (var at = tensor.Offset; at < tensor.Offset + tensor.Length; at = ((at / BlockLength) + 1) * BlockLength)
            {
                starts.Add(at);
                index.Add(scaleCount++);
                quantized.Add(true);
            }
        }

        starts.Add(layout.TotalLength);
        _pieceStarts = [.. starts];
        _pieceIndex = [.. index];
        _pieceQuantized = [.. quantized];
        var slots = stateNames.Count;
        _codes = new byte[slots][];
        _scales = new float[slots][];
        _floats = new float[slots][];
        _codecs = new DynamicMapCodec[slots];
        for (var s = 0; s < slots; s++)
        {
            _codes[s] = GC.AllocateArray<byte>(layout.TotalLength, pinned: true);
            _scales[s] = new float[scaleCount];
            _floats[s] = new float[floatCount];
            _codecs[s] = UnsignedStateNames.Contains(stateNames[s]) ? DynamicMap.UnsignedCodec : DynamicMap.SignedCodec;
        }

        // All-zero codes decode to map[0]: the signed map's is not 0, so start every slot at the code of 0.
        for (var s = 0; s < slots; s++)
        {
            _codes[s].AsSpan().Fill(_codecs[s].Encode(0f));
        }
    }

    /// <summary>Tensors shorter than this keep float32 state (<see cref="Optimizers.OptimizerOptions.QuantizedTensorMinimumLength"/>).</summary>
    public int MinimumTensorLength { get; }

    public override StatePrecision Precision => StatePrecision.Blockwise8Bit;

    public override int RangeAlignment => BlockLength;

    public override long SlotBytes => _codes.Length == 0 ? 0 : _codes[0].Length + (4L * _scales[0].Length) + (4L * _floats[0].Length);

    public override void CheckRange(int start, int length)
    {
        CheckBoundary(start, length, start);
        CheckBoundary(start, length, start + length);
    }

    public override void Decode(int slot, int start, Span<float> destination)
    {
        var end = start + destination.Length;
        for (var piece = PieceAt(start); start < end; piece++)
        {
            var count = Math.Min(end, _pieceStarts[piece + 1]) - start;
            var target = destination.Slice(destination.Length - (end - start), count);
            var within = start - _pieceStarts[piece];
            if (_pieceQuantized[piece])
            {
                DecodeBlock(slot, start, _pieceIndex[piece], target);
            }
            else
            {
                _floats[slot].AsSpan(_pieceIndex[piece] + within, count).CopyTo(target);
            }

            start += count;
        }
    }

    public override void Encode(int slot, int start, ReadOnlySpan<float> source, long step)
    {
        var end = start + source.Length;
        for (var piece = PieceAt(start); start < end; piece++)
        {
            var count = Math.Min(end, _pieceStarts[piece + 1]) - start;
            var values = source.Slice(source.Length - (end - start), count);
            var within = start - _pieceStarts[piece];
            if (_pieceQuantized[piece])
            {
                if (within != 0 || count != _pieceStarts[piece + 1] - _pieceStarts[piece])
                {
                    throw new InvalidOperationException($"An 8-bit block [{_pieceStarts[piece]}, {_pieceStarts[piece + 1]}) is encoded in part ([{start}, {start + count})).");
                }

                EncodeBlock(slot, start, _pieceIndex[piece], values);
            }
            else
            {
                values.CopyTo(_floats[slot].AsSpan(_pieceIndex[piece] + within, count));
            }

            start += count;
        }
    }

    /// <summary>The number of state slots.</summary>
    public int SlotCount => _codes.Length;

    /// <summary>
    /// Decodes the piece (or part of a piece) of <paramref name="slot"/> starting at buffer element <paramref name="start"/>,
    /// whose scale is number <paramref name="scale"/>: <c>destination[j] = map[code[start + j]] * scale</c>.
    /// </summary>
    public void DecodeBlock(int slot, int start, int scale, Span<float> destination) =>
        _codecs[slot].Dequantize(_codes[slot].AsSpan(start, destination.Length), _scales[slot][scale], destination);

    /// <summary>
    /// Encodes <paramref name="values"/>, the whole piece of <paramref name="slot"/> starting at buffer element
    /// <paramref name="start"/>, as scale number <paramref name="scale"/>: <c>absmax = max |x|</c> (the reference's fold,
    /// <see cref="DynamicMapCodec.AbsMax"/>), then the code of <c>x / absmax</c>.
    /// </summary>
    public void EncodeBlock(int slot, int start, int scale, ReadOnlySpan<float> values)
    {
        var absmax = DynamicMapCodec.AbsMax(values);
        _scales[slot][scale] = absmax;
        _codecs[slot].Quantize(values, absmax, _codes[slot].AsSpan(start, values.Length));
    }

    /// <summary>The first buffer element of <paramref name="piece"/> (the buffer's length for the piece after the last).</summary>
    public int PieceStart(int piece) => _pieceStarts[piece];

    /// <summary>Whether <paramref name="piece"/> is quantized (else its tensor keeps float32 state).</summary>
    public bool IsQuantized(int piece) => _pieceQuantized[piece];

    /// <summary>The scale number of quantized <paramref name="piece"/>.</summary>
    public int ScaleIndex(int piece) => _pieceIndex[piece];

    /// <summary>
    /// Elements <c>[start, start + length)</c> of <paramref name="slot"/>'s float32 state, all inside float32
    /// <paramref name="piece"/> (small tensors lie one after another there, in buffer order).
    /// </summary>
    public Span<float> FloatSlice(int slot, int piece, int start, int length) =>
        _floats[slot].AsSpan(_pieceIndex[piece] + start - _pieceStarts[piece], length);

    public override void Write(int slot, Stream stream, XxHash64? hash)
    {
        stream.Write(_codes[slot]);
        hash?.Append(_codes[slot]);
        WriteFloats(stream, _scales[slot], hash);
        WriteFloats(stream, _floats[slot], hash);
    }

    public override void Restore(int slot, ReadOnlySpan<byte> bytes)
    {
        bytes[.._codes[slot].Length].CopyTo(_codes[slot]);
        bytes = bytes[_codes[slot].Length..];
        ReadFloats(bytes, _scales[slot]);
        ReadFloats(bytes[(4 * _scales[slot].Length)..], _floats[slot]);
    }

    /// <summary>The number of float32 scales of <paramref name="tensor"/> (0 when it keeps float32 state).</summary>
    public int ScaleCount(TensorInfo tensor) =>
        tensor.Length < MinimumTensorLength ? 0 : PieceAt(tensor.Offset + tensor.Length - 1) - PieceAt(tensor.Offset) + 1;

    /// <summary>
    /// Writes the state of <paramref name="tensor"/> in <paramref name="slot"/> as stored: its codes (one byte per
    /// element) and then its scales (float32, little-endian) when it is quantized, else its float32 values.
    /// </summary>
    public void WriteTensor(int slot, TensorInfo tensor, Stream stream)
    {
        if (tensor.Length == 0)
        {
            return;
        }

        var first = _pieceIndex[PieceAt(tensor.Offset)];
        if (tensor.Length < MinimumTensorLength)
        {
            WriteFloats(stream, _floats[slot].AsSpan(first, tensor.Length), hash: null);
            return;
        }

        stream.Write(_codes[slot].AsSpan(tensor.Offset, tensor.Length));
        WriteFloats(stream, _scales[slot].AsSpan(first, ScaleCount(tensor)), hash: null);
    }

    /// <summary>The codes of <paramref name="slot"/> (one per buffer element; those of float32 tensors unused).</summary>
    public ReadOnlySpan<byte> Codes(int slot) => _codes[slot];

    /// <summary>The scales of <paramref name="slot"/>, one per quantized piece in buffer order.</summary>
    public ReadOnlySpan<float> Scales(int slot) => _scales[slot];

    /// <summary>The float32 state of the small tensors of <paramref name="slot"/>, in buffer order.</summary>
    public ReadOnlySpan<float> Floats(int slot) => _floats[slot];

    private static void WriteFloats(Stream stream, ReadOnlySpan<float> values, XxHash64? hash)
    {
        var bytes = new byte[4 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        stream.Write(bytes);
        hash?.Append(bytes);
    }

    private static void ReadFloats(ReadOnlySpan<byte> bytes, float[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
        }
    }

    /// <summary>Throws when <paramref name="boundary"/>, an end of the range [start, start + length), falls inside an 8-bit piece.</summary>
    private void CheckBoundary(int start, int length, int boundary)
    {
        var piece = PieceAt(boundary);
        if (piece >= 0 && _pieceQuantized[piece] && _pieceStarts[piece] < boundary && boundary < _pieceStarts[piece + 1])
        {
            throw new ArgumentException(
                $"The range [{start}, {start + length}) cuts the 8-bit block [{_pieceStarts[piece]}, {_pieceStarts[piece + 1]}) at {boundary}: with Blockwise8Bit state a range must start and end on a multiple of {BlockLength}, a tensor boundary or the buffer's end.",
                nameof(start));
        }
    }

    /// <summary>The piece holding element <paramref name="index"/> (the last piece for the buffer's end; -1 for an empty buffer).</summary>
    public int PieceAt(int index)
    {
        if (_pieceStarts.Length == 1)
        {
            return -1;
        }

        var found = Array.BinarySearch(_pieceStarts, 0, _pieceStarts.Length - 1, index);
        return found >= 0 ? found : Math.Max(0, ~found - 1);
    }
}
