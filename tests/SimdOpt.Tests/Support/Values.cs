using FsCheck;
using FsCheck.Fluent;

namespace SimdOpt.Tests.Support;

/// <summary>Generators of the floats, lengths and offsets the properties draw from.</summary>
public static class Values
{
    /// <summary>Ordinary values, signed zeros, subnormals, huge and tiny magnitudes.</summary>
    public static Gen<float> Float { get; } = Gen.Frequency(
        (12, Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 100_000f)),
        (2, Gen.Elements(0f, -0f)),
        (1, Gen.Choose(1, 1 << 22).Select(k => k * float.Epsilon * (k % 2 == 0 ? 1 : -1))),
        (1, Gen.Choose(1, 1000).Select(k => k * 3e35f * (k % 2 == 0 ? 1 : -1))),
        (1, Gen.Choose(1, 1000).Select(k => k * 1e-36f * (k % 2 == 0 ? 1 : -1))));

    /// <summary>Lengths 0..300 mostly, sometimes 1023, 1024, 1025 or 65,537 and beyond.</summary>
    public static Gen<int> Length { get; } = Gen.Frequency(
        (40, Gen.Choose(0, 300)),
        (3, Gen.Elements(1023, 1024, 1025)),
        (1, Gen.Choose(65_537, 70_001)));

    /// <summary>Offsets 0..15 into a larger array, so slices start anywhere relative to vector alignment.</summary>
    public static Gen<int> Offset { get; } = Gen.Choose(0, 15);

    public static Gen<float[]> Floats(int length) => Gen.ArrayOf(Float, length);

    /// <summary>A unit-interval hyperparameter such as a beta: the edges and random values in [0, 1).</summary>
    public static Gen<double> Beta { get; } = Gen.Frequency(
        (1, Gen.Constant(0.0)),
        (3, Gen.Elements(0.5, 0.9, 0.99, 0.999)),
        (3, Gen.Choose(0, 999_999).Select(i => i / 1_000_000.0)));

    public static Gen<double> LearningRate { get; } = Gen.Frequency(
        (1, Gen.Constant(0.0)),
        (3, Gen.Elements(1e-3, 7e-4, 0.1, 1.0)),
        (3, Gen.Choose(1, 2_000_000).Select(i => i / 1_000_000.0)));

    public static Gen<double> Epsilon { get; } = Gen.Elements(1e-8, 1e-10, 1e-3, 0.5);

    public static Gen<double> WeightDecay { get; } = Gen.Frequency(
        (3, Gen.Constant(0.0)),
        (2, Gen.Elements(1e-2, 1e-4, 0.5)));

    public static Gen<bool> Bool { get; } = Gen.Elements(false, true);
}
