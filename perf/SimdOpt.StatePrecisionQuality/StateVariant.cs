using SimdOpt.Optimizers;
using SimdOpt.Precision;

namespace SimdOpt.StatePrecisionQuality;

/// <summary>One way of storing Adam's state, with the name the report gives it.</summary>
internal sealed record StateVariant(string Name, AdamOptions Options)
{
    /// <summary>The seed of the stochastic-rounding variant.</summary>
    public const ulong StochasticSeed = 1;

    /// <summary>Float32 (the reference trajectory) first, then bfloat16 nearest-even, bfloat16 stochastic and 8-bit block-wise.</summary>
    public static IReadOnlyList<StateVariant> All { get; } =
    [
        new("float32", new AdamOptions()),
        new("bfloat16 nearest", new AdamOptions { StatePrecision = StatePrecision.BFloat16 }),
        new("bfloat16 stochastic", new AdamOptions { StatePrecision = StatePrecision.BFloat16, StochasticRoundingSeed = StochasticSeed }),
        new("8-bit block-wise", new AdamOptions { StatePrecision = StatePrecision.Blockwise8Bit }),
    ];
}
