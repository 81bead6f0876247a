using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace SimdOpt.State;

/// <summary>Stream helpers shared by the state-file readers and writers.</summary>
internal static class StateIO
{
    /// <summary>Floats moved per read or write call: 256 Ki elements (1 MiB).</summary>
    private const int ChunkElements = 1 << 18;

    /// <summary>First allocation when the stream cannot tell how many bytes it still holds.</summary>
    private const int InitialGrowingBuffer = 1 << 16;

    /// <summary>Bytes left in a seekable stream, or -1 when the stream cannot tell.</summary>
    public static long Remaining(Stream stream)
    {
        if (!stream.CanSeek)
        {
            return -1;
        }

        return Math.Max(0, stream.Length - stream.Position);
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes or throws a format exception naming <paramref name="what"/>.</summary>
    public static void ReadExactly(Stream stream, Span<byte> destination, string what)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var read = stream.Read(destination[total..]);
            if (read == 0)
            {
                throw new StateFileFormatException($"The file is truncated: it ends {total} bytes into the {what}, which needs {destination.Length}.");
            }

            total += read;
        }
    }

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes into a new array. Memory grows with the bytes that
    /// actually arrive (doubling from 64 KiB), so a lying length never causes a large allocation up front.
    /// </summary>
    public static byte[] ReadGrowing(Stream stream, int count, string what)
    {
        var buffer = new byte[Math.Min(count, InitialGrowingBuffer)];
        var total = 0;
        while (total < count)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(count, (long)buffer.Length * 2));
            }

            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                throw new StateFileFormatException($"The file is truncated: it ends {total} bytes into the {what}, which needs {count}.");
            }

            total += read;
        }

        return buffer;
    }

    /// <summary>Reads <paramref name="destination"/>.Length little-endian float32 values, appending their bytes to <paramref name="hash"/> if given.</summary>
    public static void ReadFloats(Stream stream, Span<float> destination, XxHash64? hash, string what)
    {
        for (var done = 0; done < destination.Length; done += ChunkElements)
        {
            var chunk = destination.Slice(done, Math.Min(ChunkElements, destination.Length - done));
            var bytes = MemoryMarshal.AsBytes(chunk);
            ReadExactly(stream, bytes, what);
            hash?.Append(bytes);
            if (!BitConverter.IsLittleEndian)
            {
                var ints = MemoryMarshal.Cast<float, int>(chunk);
                BinaryPrimitives.ReverseEndianness(ints, ints);
            }
        }
    }

    /// <summary>Copies little-endian float32 values from <paramref name="bytes"/> (4 per element of <paramref name="destination"/>).</summary>
    public static void ToFloats(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        bytes[..(destination.Length * sizeof(float))].CopyTo(MemoryMarshal.AsBytes(destination));
        if (!BitConverter.IsLittleEndian)
        {
            var ints = MemoryMarshal.Cast<float, int>(destination);
            BinaryPrimitives.ReverseEndianness(ints, ints);
        }
    }

    /// <summary>Writes <paramref name="source"/> as little-endian float32 values, appending the written bytes to <paramref name="hash"/> if given.</summary>
    public static void WriteFloats(Stream stream, ReadOnlySpan<float> source, XxHash64? hash)
    {
        int[]? scratch = BitConverter.IsLittleEndian ? null : new int[Math.Min(ChunkElements, source.Length)];
        for (var done = 0; done < source.Length; done += ChunkElements)
        {
            var chunk = source.Slice(done, Math.Min(ChunkElements, source.Length - done));
            ReadOnlySpan<byte> bytes;
            if (scratch is null)
            {
                bytes = MemoryMarshal.AsBytes(chunk);
            }
            else
            {
                var swapped = scratch.AsSpan(0, chunk.Length);
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(chunk), swapped);
                bytes = MemoryMarshal.AsBytes(swapped);
            }

            stream.Write(bytes);
            hash?.Append(bytes);
        }
    }

    /// <summary>
    /// Writes a file atomically: the content goes to a new temporary file in the same folder, which is
    /// flushed to the storage device and then renamed over <paramref name="path"/>. A crash at any
    /// moment leaves either the old file or the new one at <paramref name="path"/>.
    /// </summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no parent folder.", nameof(path));
        var temp = Path.Combine(folder, TemporaryName(Path.GetFileName(full)));
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            throw;
        }
    }

    /// <summary>The longest file name most file systems allow, in UTF-8 bytes (ext4, XFS, btrfs, APFS; NTFS allows 255 UTF-16 units).</summary>
    internal const int MaxFileNameBytes = 255;

    /// <summary>
    /// The temporary file's name for <paramref name="fileName"/>: <c>.{name}.{32 hex digits}.tmp</c>, with the name cut (at a
    /// character boundary) to the longest prefix that keeps the whole within <see cref="MaxFileNameBytes"/> UTF-8 bytes, so
    /// every name the file system accepts for the target gets a temporary name it accepts too.
    /// </summary>
    internal static string TemporaryName(string fileName)
    {
        var suffix = $".{Guid.NewGuid():N}.tmp";
        var budget = MaxFileNameBytes - 1 - suffix.Length;
        var used = 0;
        var end = 0;
        foreach (var rune in fileName.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            used += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return "." + fileName[..end] + suffix;
    }

    /// <summary>Opens <paramref name="path"/> for reading, sequentially.</summary>
    public static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
    }
}
