using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// An optimizer's per-element update, written once for every lane width. The step's scalars are
/// fields of the implementing struct; <see cref="UpdateLoop"/> loads the parameter, the gradient and
/// the first <see cref="StateCount"/> state slots, applies <see cref="Transform"/> to the gradient, calls
/// <see cref="Apply"/>, and stores them back.
/// </summary>
internal interface IUpdateRule
{
    /// <summary>Number of state buffers the rule reads and writes (0 to 3).</summary>
    static abstract int StateCount { get; }

    /// <summary>The maximize / L2 transform the loop applies to the gradient before <see cref="Apply"/>.</summary>
    GradientTransform Transform { get; }

    /// <summary>Updates one lane group; <paramref name="gradient"/> is already transformed.</summary>
    void Apply<TLane>(ref TLane parameter, TLane gradient, ref TLane state0, ref TLane state1, ref TLane state2)
        where TLane : struct, ILane<TLane>;
}
