using System.Buffers.Binary;
using System.Text;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.State;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.State;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("simdopt-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static (Adam Optimizer, ParameterBuffer Parameters) Trained(int steps = 3, ParameterLayout? layout = null)
    {
        layout ??= AllRules.SmallLayout();
        var adam = new Adam(layout, 0.01, new AdamOptions { Amsgrad = true }, [ParameterGroup<AdamOptions>.ForTensors("biases", new AdamOptions { Amsgrad = true, Beta1 = 0.5 }, "b1", "b2")]);
        var parameters = new ParameterBuffer(layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(parameters.Span, 1);
        for (var i = 0; i < steps; i++)
        {
            AllRules.Fill(gradients.Span, 10 + i);
            adam.Step(parameters, gradients);
        }

        return (adam, parameters);
    }

    internal static Adam Fresh(ParameterLayout? layout = null) =>
        new(layout ?? AllRules.SmallLayout(), 0.5, new AdamOptions { Amsgrad = true }, [ParameterGroup<AdamOptions>.ForTensors("biases", new AdamOptions { Amsgrad = true, Beta1 = 0.5 }, "b1", "b2")]);

    internal static byte[] Bytes(Optimizer optimizer, ParameterBuffer? parameters, long counter = 0)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, optimizer, parameters, counter);
        return stream.ToArray();
    }

    /// <summary>Every bit of the optimizer's state, step count and learning rate, and of the parameters.</summary>
    internal static byte[] Snapshot(Optimizer optimizer, ParameterBuffer? parameters)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(optimizer.StepCount);
        writer.Write(optimizer.LearningRate);
        foreach (var name in optimizer.StateNames)
        {
            foreach (var x in optimizer.State(name).Span)
            {
                writer.Write(x);
            }
        }

        foreach (var name in optimizer.ScalarStateNames)
        {
            writer.Write(optimizer.ScalarState(name));
        }

        if (parameters is not null)
        {
            foreach (var x in parameters.Span)
            {
                writer.Write(x);
            }
        }

        writer.Flush();
        return stream.ToArray();
    }

    [Fact]
    public void A_path_round_trip_restores_everything_and_leaves_no_temporary_file()
    {
        var (adam, parameters) = Trained();
        var path = Path.Combine(_folder, "model.ckpt");
        Checkpoint.Save(path, adam, parameters, counter: 7);
        Checkpoint.Save(path, adam, parameters, counter: 7);

        var loaded = Fresh();
        var loadedParameters = new ParameterBuffer(adam.Layout);
        var info = Checkpoint.Load(path, loaded, loadedParameters);

        Assert.Equal(new CheckpointInfo("Adam", 3, 0.01, 7, true), info);
        Assert.Equal(Snapshot(adam, parameters), Snapshot(loaded, loadedParameters));
        Assert.Equal(["model.ckpt"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void The_header_is_readable_json_between_the_prefix_and_its_checksum()
    {
        var (adam, parameters) = Trained();
        var bytes = Bytes(adam, parameters, counter: 2);
        Assert.Equal("SOPTCKPT"u8.ToArray(), bytes[..8]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        var h = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        var header = Encoding.UTF8.GetString(bytes, 16, h);
        Assert.StartsWith("{\"kind\":\"Adam\",\"options\":{", header, StringComparison.Ordinal);
        Assert.Contains("\"beta1\":0.9", header, StringComparison.Ordinal);
        Assert.Contains("\"groups\":[{\"name\":\"biases\",\"learning_rate_scale\":1,", header, StringComparison.Ordinal);
        Assert.Contains("\"tensors\":[\"b1\",\"b2\"]", header, StringComparison.Ordinal);
        Assert.Contains("{\"name\":\"W2\",\"shape\":[33,31]}", header, StringComparison.Ordinal);
        Assert.Contains("\"states\":[\"exp_avg\",\"exp_avg_sq\",\"max_exp_avg_sq\"]", header, StringComparison.Ordinal);
        Assert.Contains("\"has_parameters\":true,\"step_count\":3,\"learning_rate\":0.01,\"counter\":2", header, StringComparison.Ordinal);
        Assert.Equal(32 + h + (4 * 4 * adam.Layout.TotalLength), bytes.Length);
        // The first block is the parameters, little-endian.
        Assert.Equal(parameters.Span[0], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(24 + h)));
    }

    public static TheoryData<string, Func<Optimizer>, string> Mismatches() => new()
    {
        { "kind", () => new RmsProp(AllRules.SmallLayout(), 0.01), "of a Adam optimizer; the target is RmsProp" },
        { "options", () => new Adam(AllRules.SmallLayout(), 0.01, new AdamOptions { Amsgrad = true, Beta2 = 0.99 }, [ParameterGroup<AdamOptions>.ForTensors("biases", new AdamOptions { Amsgrad = true, Beta1 = 0.5 }, "b1", "b2")]), "beta2 is 0.999 in the checkpoint, 0.99 in the target" },
        { "state", () => new Adam(AllRules.SmallLayout(), 0.01), "holds the states [exp_avg, exp_avg_sq, max_exp_avg_sq]; the target has [exp_avg, exp_avg_sq]" },
        { "no groups", () => new Adam(AllRules.SmallLayout(), 0.01, new AdamOptions { Amsgrad = true }), "the checkpoint has 1 parameter groups [biases], the target 0" },
        { "group tensors", () => new Adam(AllRules.SmallLayout(), 0.01, new AdamOptions { Amsgrad = true }, [ParameterGroup<AdamOptions>.ForTensors("biases", new AdamOptions { Amsgrad = true, Beta1 = 0.5 }, "b1")]), "owns [b1, b2] in the checkpoint, [b1] in the target" },
        { "group scale", () => new Adam(AllRules.SmallLayout(), 0.01, new AdamOptions { Amsgrad = true }, [new ParameterGroup<AdamOptions>("biases", t => t.Name[0] == 'b', new AdamOptions { Amsgrad = true, Beta1 = 0.5 }, 2.0)]), "learning_rate_scale is 1 in the checkpoint, 2 in the target" },
        { "layout", () => Fresh(ParameterLayout.Create(("W1", [2, 5]), ("b1", [5, 1]), ("b2", [3, 1]), ("W3", [1]))), "Missing from the file: W3(1). Not in the target layout: W2(33, 31). Shape differences: W1: file (5, 2), target (2, 5)." },
        { "order", () => Fresh(ParameterLayout.Create(("b1", [5, 1]), ("W1", [5, 2]), ("W2", [33, 31]), ("b2", [3, 1]))), "Same tensors in a different order" },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void A_checkpoint_that_does_not_fit_throws_a_mismatch_naming_the_difference_and_changes_nothing(string what, Func<Optimizer> target, string message)
    {
        var (adam, _) = Trained();
        var bytes = Bytes(adam, null);
        var optimizer = target();
        var before = Snapshot(optimizer, null);
        var error = Assert.Throws<StateFileMismatchException>(() => Checkpoint.Load(new MemoryStream(bytes), optimizer));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(optimizer, null));
        Assert.NotEmpty(what);
    }

    [Fact]
    public void Asking_for_parameters_a_checkpoint_does_not_hold_is_a_mismatch()
    {
        var (adam, _) = Trained();
        var target = Fresh();
        var parameters = new ParameterBuffer(target.Layout);
        var error = Assert.Throws<StateFileMismatchException>(() => Checkpoint.Load(new MemoryStream(Bytes(adam, null)), target, parameters));
        Assert.Contains("holds no parameters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Saved_parameters_may_be_skipped_on_load()
    {
        var (adam, parameters) = Trained();
        var target = Fresh();
        var info = Checkpoint.Load(new MemoryStream(Bytes(adam, parameters)), target);
        Assert.True(info.HasParameters);
        Assert.Equal(Snapshot(adam, null), Snapshot(target, null));
    }

    [Fact]
    public void A_parameter_buffer_of_another_layout_is_an_argument_error()
    {
        var (adam, _) = Trained();
        var other = new ParameterBuffer(ParameterLayout.Create(("x", [3])));
        Assert.Throws<ArgumentException>(() => Checkpoint.Save(new MemoryStream(), adam, other));
        Assert.Throws<ArgumentException>(() => Checkpoint.Load(new MemoryStream(), adam, other));
    }

    [Fact]
    public void A_file_with_trailing_bytes_is_rejected_but_a_stream_may_continue_after_the_checkpoint()
    {
        var (adam, parameters) = Trained();
        var bytes = Bytes(adam, parameters);
        var path = Path.Combine(_folder, "trailing.ckpt");
        File.WriteAllBytes(path, [.. bytes, 0]);
        var target = Fresh();
        var error = Assert.Throws<StateFileFormatException>(() => Checkpoint.Load(path, target));
        Assert.Contains("trailing bytes", error.Message, StringComparison.Ordinal);

        var stream = new MemoryStream([.. bytes, .. bytes]);
        Checkpoint.Load(stream, target);
        Assert.Equal(bytes.Length, stream.Position);
        Checkpoint.Load(stream, target);
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public void A_non_seekable_stream_loads_too()
    {
        var (adam, parameters) = Trained();
        var target = Fresh();
        var targetParameters = new ParameterBuffer(adam.Layout);
        Checkpoint.Load(new ForwardOnlyStream(Bytes(adam, parameters)), target, targetParameters);
        Assert.Equal(Snapshot(adam, parameters), Snapshot(target, targetParameters));
    }

    [Theory]
    [InlineData(0, "Not a SimdOpt checkpoint")]
    [InlineData(8, "Unsupported checkpoint format version")]
    [InlineData(15, "header length")]
    [InlineData(20, "header checksum does not match")]
    [InlineData(-20, "data checksum does not match")]
    [InlineData(-1, "data checksum does not match")]
    public void A_damaged_byte_is_reported_by_the_check_that_catches_it(int offset, string message)
    {
        var (adam, parameters) = Trained();
        var bytes = Bytes(adam, parameters);
        bytes[offset >= 0 ? offset : bytes.Length + offset] ^= 0x40;
        var target = Fresh();
        var before = Snapshot(target, null);
        var error = Assert.Throws<StateFileFormatException>(() => Checkpoint.Load(new MemoryStream(bytes), target));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(target, null));
    }

    [Fact]
    public void A_huge_declared_header_length_is_rejected_before_any_allocation()
    {
        var (adam, _) = Trained();
        var bytes = Bytes(adam, null);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), 15u << 20);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<StateFileFormatException>(() => Checkpoint.Load(new MemoryStream(bytes), Fresh()));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);

        // Without a length to check against, memory grows only with the bytes that arrive.
        before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<StateFileFormatException>(() => Checkpoint.Load(new ForwardOnlyStream(bytes), Fresh()));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Every_rule_round_trips()
    {
        foreach (var (name, create) in AllRules.Variants())
        {
            var layout = AllRules.SmallLayout();
            var optimizer = create(layout, NonFiniteGradientPolicy.Propagate);
            var parameters = new ParameterBuffer(layout);
            var gradients = parameters.CreateSibling();
            AllRules.Fill(gradients.Span, 3);
            optimizer.Step(parameters, gradients);
            optimizer.Step(parameters, gradients);
            var target = create(layout, NonFiniteGradientPolicy.Propagate);
            var targetParameters = new ParameterBuffer(layout);
            Checkpoint.Load(new MemoryStream(Bytes(optimizer, parameters)), target, targetParameters);
            Assert.True(Snapshot(optimizer, parameters).AsSpan().SequenceEqual(Snapshot(target, targetParameters)), name);
        }
    }
}

/// <summary>A read-only stream that cannot seek or report its length, as a pipe or socket.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Hand out at most 1000 bytes per call, as a pipe might.
        var n = Math.Min(Math.Min(buffer.Length, 1000), bytes.Length - _position);
        bytes.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
