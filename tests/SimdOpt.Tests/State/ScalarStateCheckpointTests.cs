using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.State;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.State;

/// <summary>Checkpoints carry scalar state (NAdam's momentum products) exactly, check its names, and reject impossible values without changing anything.</summary>
public class ScalarStateCheckpointTests
{
    private static NAdam Create(ParameterLayout layout) =>
        new(layout, 2e-3, new NAdamOptions(), [ParameterGroup<NAdamOptions>.ForTensors("biases", new NAdamOptions { Beta1 = 0.5, MomentumDecay = 1 }, "b1", "b2")]);

    private static NAdam Trained(int steps)
    {
        var nadam = Create(AllRules.SmallLayout());
        var parameters = new ParameterBuffer(nadam.Layout);
        var gradients = parameters.CreateSibling();
        AllRules.Fill(gradients.Span, 7);
        for (var i = 0; i < steps; i++)
        {
            nadam.Step(parameters, gradients);
        }

        return nadam;
    }

    [Fact]
    public void Momentum_products_round_trip_to_the_bit()
    {
        var saved = Trained(5);
        var bytes = CheckpointTests.Bytes(saved, null);
        Assert.Contains("\"scalar_state\":{\"mu_product\":", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var loaded = Create(AllRules.SmallLayout());
        Checkpoint.Load(new MemoryStream(bytes), loaded);
        foreach (var name in saved.ScalarStateNames)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(saved.ScalarState(name)), BitConverter.DoubleToInt64Bits(loaded.ScalarState(name)));
        }

        Assert.Equal(NAdamMomentum.Product(0.5, 1, 5), loaded.ScalarState("mu_product/biases"));
    }

    [Fact]
    public void Rules_without_scalar_state_write_no_scalar_state_key()
    {
        var (adam, _) = CheckpointTests.Trained();
        Assert.DoesNotContain("scalar_state", Encoding.UTF8.GetString(CheckpointTests.Bytes(adam, null)), StringComparison.Ordinal);
    }

    [Fact]
    public void Different_scalar_state_names_are_a_mismatch()
    {
        var bytes = CheckpointTests.Bytes(Trained(2), null);
        var target = new NAdam(AllRules.SmallLayout(), 2e-3);
        var before = CheckpointTests.Snapshot(target, null);
        var error = Assert.Throws<StateFileMismatchException>(() => Checkpoint.Load(new MemoryStream(bytes), target));
        Assert.Contains("scalar states [mu_product, mu_product/biases]; the target has [mu_product]", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, CheckpointTests.Snapshot(target, null));
    }

    [Fact]
    public void Scalar_states_are_written_in_the_rules_order_and_read_in_any_order()
    {
        var saved = Create(AllRules.SmallLayout());
        saved.RestoreScalarState("mu_product", 0.5);
        saved.RestoreScalarState("mu_product/biases", 0.25);
        var bytes = CheckpointTests.Bytes(saved, null);
        const string written = "\"scalar_state\":{\"mu_product\":0.5,\"mu_product/biases\":0.25}";
        const string swapped = "\"scalar_state\":{\"mu_product/biases\":0.25,\"mu_product\":0.5}";
        var header = Encoding.UTF8.GetString(bytes);
        var at = header.IndexOf(written, StringComparison.Ordinal);
        Assert.True(at > 0);
        Encoding.UTF8.GetBytes(swapped).CopyTo(bytes, at);
        FixHeaderChecksum(bytes);

        var loaded = Create(AllRules.SmallLayout());
        Checkpoint.Load(new MemoryStream(bytes), loaded);
        Assert.Equal(0.5, loaded.ScalarState("mu_product"));
        Assert.Equal(0.25, loaded.ScalarState("mu_product/biases"));
    }

    [Fact]
    public void A_scalar_state_given_twice_is_rejected_and_changes_nothing()
    {
        var saved = Create(AllRules.SmallLayout());
        saved.RestoreScalarState("mu_product", 0.5);
        var file = CheckpointTests.Bytes(saved, null);
        var header = FuzzProperties.CheckpointHeader(file);
        var edited = header.Replace("{\"mu_product\":0.5,", "{\"mu_product\":0.5,\"mu_product\":0.5,", StringComparison.Ordinal);
        Assert.NotEqual(header, edited);

        var target = Trained(3);
        var before = CheckpointTests.Snapshot(target, null);
        var error = Assert.Throws<StateFileFormatException>(() => Checkpoint.Load(new MemoryStream(FuzzProperties.WithHeader(file, edited)), target));
        Assert.Contains("does not follow the format", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, CheckpointTests.Snapshot(target, null));
    }

    [Fact]
    public void An_impossible_product_is_rejected_and_changes_nothing()
    {
        var saved = Create(AllRules.SmallLayout());
        saved.RestoreScalarState("mu_product", 0.5);
        saved.RestoreScalarState("mu_product/biases", 0.25);
        var bytes = CheckpointTests.Bytes(saved, null);
        // Same length, so only the header checksum needs fixing: 0.25 -> 1.25 (a product of factors below 1 cannot exceed 1).
        var header = Encoding.UTF8.GetString(bytes);
        var at = header.IndexOf("\"mu_product/biases\":0.25", StringComparison.Ordinal);
        Assert.True(at > 0);
        bytes[at + "\"mu_product/biases\":".Length] = (byte)'1';
        FixHeaderChecksum(bytes);

        var target = Trained(3);
        var before = CheckpointTests.Snapshot(target, null);
        var error = Assert.Throws<StateFileFormatException>(() => Checkpoint.Load(new MemoryStream(bytes), target));
        Assert.Contains("scalar_state.mu_product/biases", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, CheckpointTests.Snapshot(target, null));
    }

    /// <summary>Rewrites the header checksum after an edit that kept the header's length.</summary>
    private static void FixHeaderChecksum(byte[] bytes)
    {
        var h = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16 + h), XxHash64.HashToUInt64(bytes.AsSpan(0, 16 + h)));
    }
}
