using FsCheck;
using FsCheck.Fluent;

namespace SimdOpt.Testing;

/// <summary>FsCheck generators of the floats, lengths, offsets and hyperparameter values that SimdOpt's own properties draw from.</summary>
public static class Values
{
    /// <summary>
    /// Gradient and parameter values: mostly ordinary values in [-10, 10] (weight 12), signed zeros (2),
    /// subnormals of either sign (1), huge magnitudes around 3e35..3e38 (1), tiny ones around 1e-36..1e-33 (1),
    /// magnitudes in [2^-128, 2^-124) around the smallest normal float (1), and magnitudes in [2^-68, 2^-54)
    /// around the gradient thresholds of <c>FlushSubnormals</c> (2), both of either sign with random mantissas.
    /// </summary>
    public static Gen<float> Float { get; } = Gen.Frequency(
        (12, Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 100_000f)),
        (2, Gen.Elements(0f, -0f)),
        (1, Gen.Choose(1, 1 << 22).Select(k => k * float.Epsilon * (k % 2 == 0 ? 1 : -1))),
        (1, Gen.Choose(1, 1000).Select(k => k * 3e35f * (k % 2 == 0 ? 1 : -1))),
        (1, Gen.Choose(1, 1000).Select(k => k * 1e-36f * (k % 2 == 0 ? 1 : -1))),
        (1, Binades(-128, -124)),
        (2, Binades(-68, -54)));

    /// <summary>Buffer lengths: 0..300 mostly, sometimes 1023, 1024 or 1025, rarely 65,537..70,001.</summary>
    public static Gen<int> Length { get; } = Gen.Frequency(
        (40, Gen.Choose(0, 300)),
        (3, Gen.Elements(1023, 1024, 1025)),
        (1, Gen.Choose(65_537, 70_001)));

    /// <summary>Offsets 0..15 into a larger array, so slices start anywhere relative to vector alignment.</summary>
    public static Gen<int> Offset { get; } = Gen.Choose(0, 15);

    /// <summary>A unit-interval hyperparameter such as a beta: 0, the usual 0.5/0.9/0.99/0.999 and random values in [0, 1).</summary>
    public static Gen<double> Beta { get; } = Gen.Frequency(
        (1, Gen.Constant(0.0)),
        (3, Gen.Elements(0.5, 0.9, 0.99, 0.999)),
        (3, Gen.Choose(0, 999_999).Select(i => i / 1_000_000.0)));

    /// <summary>Learning rates: 0, common values and random values in (0, 2].</summary>
    public static Gen<double> LearningRate { get; } = Gen.Frequency(
        (1, Gen.Constant(0.0)),
        (3, Gen.Elements(1e-3, 7e-4, 0.1, 1.0)),
        (3, Gen.Choose(1, 2_000_000).Select(i => i / 1_000_000.0)));

    /// <summary>Epsilons: 1e-8, 1e-10, 1e-3 or 0.5.</summary>
    public static Gen<double> Epsilon { get; } = Gen.Elements(1e-8, 1e-10, 1e-3, 0.5);

    /// <summary>Weight decays: 0 (weight 3) or 1e-2, 1e-4, 0.5 (weight 2).</summary>
    public static Gen<double> WeightDecay { get; } = Gen.Frequency(
        (3, Gen.Constant(0.0)),
        (2, Gen.Elements(1e-2, 1e-4, 0.5)));

    /// <summary>false or true.</summary>
    public static Gen<bool> Bool { get; } = Gen.Elements(false, true);

    /// <summary>Floats of either sign with magnitude <c>2^e * (1 + f)</c>, e in [<paramref name="low"/>, <paramref name="high"/>), f a random 23-bit fraction.</summary>
    private static Gen<float> Binades(int low, int high) =>
        from e in Gen.Choose(low, high - 1)
        from fraction in Gen.Choose(0, (1 << 23) - 1)
        from sign in Gen.Elements(1f, -1f)
        select sign * MathF.ScaleB(1f + (fraction / (float)(1 << 23)), e);

    /// <summary>An array of <paramref name="length"/> values drawn from <see cref="Float"/>.</summary>
    public static Gen<float[]> Floats(int length) => Gen.ArrayOf(Float, length);
}
