using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.State;
using Xunit.Abstractions;

namespace SimdOpt.Tests.State;

/// <summary>
/// Hostile input for both readers: bit flips, truncation at every offset, random bytes, enormous declared
/// lengths, header mutations (re-checksummed so they reach the JSON checks), duplicate names. Only
/// <see cref="StateFileException"/>s escape, and whenever one does the target is bit-identical to before.
/// The case counts are fixed (not SIMDOPT_PROPERTY_CASES) so every run covers at least 10,000 per reader.
/// </summary>
public sealed partial class FuzzProperties(ITestOutputHelper output)
{
    private const int BitFlipCases = 4_000;
    private const int RandomByteCases = 2_000;
    private const int LengthCases = 1_000;
    private const int MutationCases = 3_000;

    private static Config Cases(int count) => Config.QuickThrowOnFailure.WithMaxTest(count).WithQuietOnSuccess(true);

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][+-]?\d+)?")]
    private static partial Regex NumberToken();

    private static readonly string[] HostileTokens =
        ["-1", "0", "1e309", "-1e309", "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551616", "1.5", "-0", "2147483648", "null", "\"x\"", "[]", "{}", "true", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "\"\\ud800\"", "1e-400"];

    /// <summary>The structural and token mutations applied to a JSON header.</summary>
    private static Gen<Func<string, string>> Mutation { get; } = Gen.OneOf(
        from pick in Gen.Choose(0, 1_000_000)
        from token in Gen.Elements(HostileTokens)
        select (Func<string, string>)(json =>
        {
            var numbers = NumberToken().Matches(json);
            if (numbers.Count == 0)
            {
                return json;
            }

            var m = numbers[pick % numbers.Count];
            return json[..m.Index] + token + json[(m.Index + m.Length)..];
        }),
        from at in Gen.Choose(0, 1_000_000)
        from length in Gen.Choose(1, 12)
        select (Func<string, string>)(json =>
        {
            var start = at % json.Length;
            return json.Remove(start, Math.Min(length, json.Length - start));
        }),
        from at in Gen.Choose(0, 1_000_000)
        from src in Gen.Choose(0, 1_000_000)
        from length in Gen.Choose(1, 60)
        select (Func<string, string>)(json =>
        {
            var source = src % json.Length;
            var copy = json.Substring(source, Math.Min(length, json.Length - source));
            return json.Insert(at % json.Length, copy);
        }),
        from at in Gen.Choose(0, 1_000_000)
        from c in Gen.Elements("\"", "{", "}", "[", "]", ",", ":", "\\", "\0", "\u00e9", " ")
        select (Func<string, string>)(json => json.Insert(at % json.Length, c)));

    // ---------------------------------------------------------------- checkpoints

    private static readonly ParameterLayout CheckpointLayout = ParameterLayout.Create(("w", [2, 3]), ("b", [3]), ("c", [1]));

    private static Adam CheckpointTarget() =>
        new(CheckpointLayout, 0.1, new AdamOptions { Amsgrad = true }, [ParameterGroup<AdamOptions>.ForTensors("bias", new AdamOptions { Amsgrad = true, Beta1 = 0.5 }, "b")]);

    private static byte[] ValidCheckpoint()
    {
        var source = CheckpointTarget();
        var parameters = new ParameterBuffer(CheckpointLayout);
        var gradients = parameters.CreateSibling();
        Support.AllRules.Fill(parameters.Span, 1);
        Support.AllRules.Fill(gradients.Span, 2);
        source.Step(parameters, gradients);
        source.Step(parameters, gradients);
        return CheckpointTests.Bytes(source, parameters, counter: 4);
    }

    private static readonly byte[] Checkpoint0 = ValidCheckpoint();

    /// <summary>Rebuilds a checkpoint around a new header, with a correct length and header checksum.</summary>
    internal static byte[] WithHeader(byte[] file, string header)
    {
        var oldLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
        var json = Encoding.UTF8.GetBytes(header);
        var result = new byte[16 + json.Length + 8 + (file.Length - 24 - oldLength)];
        file.AsSpan(0, 12).CopyTo(result);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(12), (uint)json.Length);
        json.CopyTo(result, 16);
        BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan(16 + json.Length), XxHash64.HashToUInt64(result.AsSpan(0, 16 + json.Length)));
        file.AsSpan(24 + oldLength).CopyTo(result.AsSpan(24 + json.Length));
        return result;
    }

    internal static string CheckpointHeader(byte[] file) =>
        Encoding.UTF8.GetString(file, 16, (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12)));

    private static int _checkpointCases;

    /// <summary>Loads <paramref name="bytes"/>; returns true if it loaded, false if a documented exception left the target unchanged.</summary>
    private static bool LoadCheckpoint(byte[] bytes, bool seekable)
    {
        Interlocked.Increment(ref _checkpointCases);
        var target = CheckpointTarget();
        var parameters = new ParameterBuffer(CheckpointLayout);
        parameters.Span.Fill(3f);
        target.State("exp_avg").Span.Fill(5f);
        var before = CheckpointTests.Snapshot(target, parameters);
        try
        {
            Checkpoint.Load(seekable ? new MemoryStream(bytes, writable: false) : new ForwardOnlyStream(bytes), target, parameters);
            return true;
        }
        catch (StateFileException)
        {
            Assert.Equal(before, CheckpointTests.Snapshot(target, parameters));
            return false;
        }
    }

    [Fact]
    public void Checkpoint_reader_survives_hostile_input()
    {
        _checkpointCases = 0;
        Assert.True(LoadCheckpoint(Checkpoint0, seekable: true));

        // Any flipped bit is caught: by a structural check or by one of the two checksums.
        Prop.ForAll(
            (from flips in Gen.ArrayOf(Gen.Choose(0, (Checkpoint0.Length * 8) - 1), Gen.Choose(1, 3).Sample(1)[0])
             from seekable in Values.Bool
             select (flips.Distinct().ToArray(), seekable)).ToArbitrary(),
            c =>
            {
                var bytes = (byte[])Checkpoint0.Clone();
                foreach (var bit in c.Item1)
                {
                    bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                Assert.False(LoadCheckpoint(bytes, c.seekable), $"flipped bits {string.Join(",", c.Item1)} went unnoticed");
            }).Check(Cases(BitFlipCases));

        // Truncation at every offset.
        for (var length = 0; length < Checkpoint0.Length; length++)
        {
            Assert.False(LoadCheckpoint(Checkpoint0[..length], seekable: length % 2 == 0), $"truncated to {length} bytes");
        }

        // Random bytes, sometimes behind a valid magic and version.
        Prop.ForAll(
            (from n in Gen.Choose(0, 400)
             from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)
             from prefix in Values.Bool
             select prefix ? [.. Checkpoint0[..12], .. bytes] : bytes).ToArbitrary(),
            bytes => Assert.False(LoadCheckpoint(bytes, seekable: bytes.Length % 2 == 0))).Check(Cases(RandomByteCases));

        // Enormous or wrong declared header lengths.
        Prop.ForAll(
            Gen.OneOf(Gen.Choose(int.MinValue, int.MaxValue).Select(i => (uint)i), Gen.Choose(0, 2000).Select(i => (uint)i)).ToArbitrary(),
            length =>
            {
                var bytes = (byte[])Checkpoint0.Clone();
                var actual = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), length);
                var loaded = LoadCheckpoint(bytes, seekable: length % 2 == 0);
                Assert.Equal(length == actual, loaded);
            }).Check(Cases(LengthCases));

        // Header mutations, re-checksummed so they reach the JSON and schema checks.
        var header = CheckpointHeader(Checkpoint0);
        Prop.ForAll(
            (from mutations in Gen.ArrayOf(Mutation, Gen.Choose(1, 3).Sample(1)[0])
             from seekable in Values.Bool
             select (mutations, seekable)).ToArbitrary(),
            c =>
            {
                var mutated = c.mutations.Aggregate(header, (json, m) => m(json));
                _ = LoadCheckpoint(WithHeader(Checkpoint0, mutated), c.seekable);
            }).Check(Cases(MutationCases));

        // Duplicate names: a tensor, a state, a header key, a group.
        string[] duplicates =
        [
            header.Replace("{\"name\":\"b\",\"shape\":[3]}", "{\"name\":\"w\",\"shape\":[3]}", StringComparison.Ordinal),
            header.Replace("\"exp_avg_sq\",", "\"exp_avg\",", StringComparison.Ordinal),
            header.Replace("\"counter\":4", "\"counter\":4,\"counter\":4", StringComparison.Ordinal),
            header.Replace("\"beta1\":0.9,", "\"beta1\":0.9,\"beta1\":0.9,", StringComparison.Ordinal),
            header.Replace("\"tensors\":[\"b\"]", "\"tensors\":[\"b\",\"b\"]", StringComparison.Ordinal),
        ];
        foreach (var duplicate in duplicates)
        {
            Assert.NotEqual(header, duplicate);
            Assert.False(LoadCheckpoint(WithHeader(Checkpoint0, duplicate), seekable: true), duplicate);
        }

        Assert.True(LoadCheckpoint(WithHeader(Checkpoint0, header), seekable: false));
        output.WriteLine($"Checkpoint reader: {_checkpointCases} hostile and control cases.");
        Assert.True(_checkpointCases >= 10_000, $"only {_checkpointCases} cases");
    }

    // ---------------------------------------------------------------- safetensors

    private static readonly byte[] SafeTensors0 = SafeTensorsTests.HandWritten();

    private static byte[] WithSafeTensorsHeader(byte[] file, string header)
    {
        var oldLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        var json = Encoding.UTF8.GetBytes(header);
        var result = new byte[8 + json.Length + (file.Length - 8 - oldLength)];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)json.Length);
        json.CopyTo(result, 8);
        file.AsSpan(8 + oldLength).CopyTo(result.AsSpan(8 + json.Length));
        return result;
    }

    private static int _safeTensorsCases;

    private static bool LoadSafeTensors(byte[] bytes, bool seekable)
    {
        Interlocked.Increment(ref _safeTensorsCases);
        var target = new ParameterBuffer(SafeTensorsTests.Layout());
        target.Span.Fill(-7f);
        var before = target.Span.ToArray();
        try
        {
            SafeTensors.Read(seekable ? new MemoryStream(bytes, writable: false) : new ForwardOnlyStream(bytes), target);
            return true;
        }
        catch (StateFileException)
        {
            Bits.Equal(before, target.Span, "target after a rejected file");
            return false;
        }
    }

    [Fact]
    public void SafeTensors_reader_survives_hostile_input()
    {
        _safeTensorsCases = 0;
        Assert.True(LoadSafeTensors(SafeTensors0, seekable: true));
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(SafeTensors0);

        // Bit flips: safetensors has no checksum, so a flip in the data area (or in padding) may load; it must
        // then load exactly the flipped values. Anywhere else it must be caught or be harmless.
        Prop.ForAll(
            (from bit in Gen.Choose(0, (SafeTensors0.Length * 8) - 1)
             from seekable in Values.Bool
             select (bit, seekable)).ToArbitrary(),
            c =>
            {
                var bytes = (byte[])SafeTensors0.Clone();
                bytes[c.bit / 8] ^= (byte)(1 << (c.bit % 8));
                var loaded = LoadSafeTensors(bytes, c.seekable);
                if (c.bit / 8 >= 8 + headerLength)
                {
                    Assert.True(loaded, $"a flip in the data area at byte {c.bit / 8} was rejected");
                }
            }).Check(Cases(BitFlipCases));

        for (var length = 0; length < SafeTensors0.Length; length++)
        {
            Assert.False(LoadSafeTensors(SafeTensors0[..length], seekable: length % 2 == 0), $"truncated to {length} bytes");
        }

        Prop.ForAll(
            (from n in Gen.Choose(0, 300)
             from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)
             from prefix in Values.Bool
             select prefix && bytes.Length > 0 ? [.. BitConverter.GetBytes((ulong)bytes.Length), .. bytes] : bytes).ToArbitrary(),
            bytes => Assert.False(LoadSafeTensors(bytes, seekable: bytes.Length % 2 == 0))).Check(Cases(RandomByteCases));

        Prop.ForAll(
            Gen.OneOf(
                Gen.Choose(int.MinValue, int.MaxValue).Select(i => (ulong)(uint)i << Math.Abs(i % 33)),
                Gen.Elements(ulong.MaxValue, (ulong)long.MaxValue, 100_000_000UL, 100_000_001UL),
                Gen.Choose(0, 400).Select(i => (ulong)i)).ToArbitrary(),
            length =>
            {
                var bytes = (byte[])SafeTensors0.Clone();
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, length);
                var seekable = length % 2 == 0;
                var loaded = LoadSafeTensors(bytes, seekable);
                if (seekable)
                {
                    Assert.Equal(length == (ulong)headerLength, loaded);
                }
                else if (loaded)
                {
                    // A forward-only stream cannot reveal trailing bytes: a length that only drops the header's
                    // trailing padding spaces still parses, and then shifts the data area.
                    Assert.InRange(length, (ulong)headerLength - 3, (ulong)headerLength);
                }
            }).Check(Cases(LengthCases));

        var header = Encoding.UTF8.GetString(SafeTensors0, 8, headerLength);
        Prop.ForAll(
            (from mutations in Gen.ArrayOf(Mutation, Gen.Choose(1, 3).Sample(1)[0])
             from seekable in Values.Bool
             select (mutations, seekable)).ToArbitrary(),
            c => { _ = LoadSafeTensors(WithSafeTensorsHeader(SafeTensors0, c.mutations.Aggregate(header, (json, m) => m(json))), c.seekable); }).Check(Cases(MutationCases));

        string[] duplicates =
        [
            header.Replace("\"w\":", "\"b\":", StringComparison.Ordinal),
            header.Replace("\"dtype\":\"F32\",\"shape\":[2]", "\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2]", StringComparison.Ordinal),
            header.Replace("{\"format\":\"pt\"}", "{\"format\":\"pt\",\"format\":\"pt\"}", StringComparison.Ordinal),
            header.Replace("\"__metadata__\":{\"format\":\"pt\"}", "\"__metadata__\":{},\"__metadata__\":{}", StringComparison.Ordinal),
        ];
        foreach (var duplicate in duplicates)
        {
            Assert.NotEqual(header, duplicate);
            Assert.False(LoadSafeTensors(WithSafeTensorsHeader(SafeTensors0, duplicate), seekable: true), duplicate);
        }

        output.WriteLine($"safetensors reader: {_safeTensorsCases} hostile and control cases.");
        Assert.True(_safeTensorsCases >= 10_000, $"only {_safeTensorsCases} cases");
    }
}
