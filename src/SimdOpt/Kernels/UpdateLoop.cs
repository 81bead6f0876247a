using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdOpt.Kernels;

/// <summary>
/// The one loop that drives every update rule: full Vector512 groups first, then at most one Vector256
/// and one Vector128 group, then single floats, starting at the widest width <see cref="LaneSelection.Widest"/>
/// allows. Every width runs the same rule, so every element gets the same bits whichever width (or shard)
/// processes it.
/// </summary>
internal static class UpdateLoop
{
    /// <summary>
    /// Applies <paramref name="rule"/> to every element. The caller guarantees that the gradient and every
    /// state span the rule uses have the parameters' length, and that nothing overlaps.
    /// </summary>
    public static void Run<TRule>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state0, Span<float> state1, Span<float> state2)
        where TRule : struct, IUpdateRule
    {
        // The transform's three choices become compile-time flags here, once per call, instead of branches per group.
        if (rule.Transform.Divides)
        {
            RunDividing<TRule, On>(rule, parameters, gradients, state0, state1, state2);
        }
        else
        {
            RunDividing<TRule, Off>(rule, parameters, gradients, state0, state1, state2);
        }
    }

    private static void RunDividing<TRule, TDivide>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state0, Span<float> state1, Span<float> state2)
        where TRule : struct, IUpdateRule
        where TDivide : struct, IFlag
    {
        var transform = rule.Transform;
        if (transform.Maximize)
        {
            if (transform.WeightDecay != 0f)
            {
                RunTransformed<TRule, TDivide, On, On>(rule, parameters, gradients, state0, state1, state2);
            }
            else
            {
                RunTransformed<TRule, TDivide, On, Off>(rule, parameters, gradients, state0, state1, state2);
            }
        }
        else if (transform.WeightDecay != 0f)
        {
            RunTransformed<TRule, TDivide, Off, On>(rule, parameters, gradients, state0, state1, state2);
        }
        else
        {
            RunTransformed<TRule, TDivide, Off, Off>(rule, parameters, gradients, state0, state1, state2);
        }
    }

    private static void RunTransformed<TRule, TDivide, TMaximize, TDecay>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state0, Span<float> state1, Span<float> state2)
        where TRule : struct, IUpdateRule
        where TDivide : struct, IFlag
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag
    {
        // By default the widest width is the hardware's, a JIT-time constant, so the width checks fold away as before.
        if (LaneSelection.IsAnyForced)
        {
            RunFrom<TRule, TDivide, TMaximize, TDecay>(rule, parameters, gradients, state0, state1, state2, LaneSelection.Widest);
        }
        else
        {
            RunFrom<TRule, TDivide, TMaximize, TDecay>(rule, parameters, gradients, state0, state1, state2, LaneSelection.Native);
        }
    }

    /// <summary>Every width from <paramref name="widest"/> down, each taking the full groups the wider ones left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunFrom<TRule, TDivide, TMaximize, TDecay>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state0, Span<float> state1, Span<float> state2, LaneWidth widest)
        where TRule : struct, IUpdateRule
        where TDivide : struct, IFlag
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag
    {
        var length = (nuint)parameters.Length;
        ref var p = ref MemoryMarshal.GetReference(parameters);
        ref var g = ref MemoryMarshal.GetReference(gradients);
        ref var s0 = ref MemoryMarshal.GetReference(state0);
        ref var s1 = ref MemoryMarshal.GetReference(state1);
        ref var s2 = ref MemoryMarshal.GetReference(state2);

        nuint index = 0;
        if (widest >= LaneWidth.Vector512)
        {
            index = RunWidth<TRule, TDivide, TMaximize, TDecay, Vector512Lane>(rule, ref p, ref g, ref s0, ref s1, ref s2, index, length);
        }

        if (widest >= LaneWidth.Vector256)
        {
            index = RunWidth<TRule, TDivide, TMaximize, TDecay, Vector256Lane>(rule, ref p, ref g, ref s0, ref s1, ref s2, index, length);
        }

        if (widest >= LaneWidth.Vector128)
        {
            index = RunWidth<TRule, TDivide, TMaximize, TDecay, Vector128Lane>(rule, ref p, ref g, ref s0, ref s1, ref s2, index, length);
        }

        RunWidth<TRule, TDivide, TMaximize, TDecay, ScalarLane>(rule, ref p, ref g, ref s0, ref s1, ref s2, index, length);
    }

    /// <summary>
    /// All full groups of one width, two per iteration. Not inlined into <see cref="Run"/>: each width is its own
    /// compilation root with its own inlining budget, instead of four loops competing for the budget of the
    /// optimizer's <c>Update</c> (where the colder widths ended up calling the rule out of line).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nuint RunWidth<TRule, TDivide, TMaximize, TDecay, TLane>(in TRule rule, ref float p, ref float g, ref float s0, ref float s1, ref float s2, nuint index, nuint length)
        where TRule : struct, IUpdateRule
        where TDivide : struct, IFlag
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag
        where TLane : struct, ILane<TLane>
    {
        // A local copy the stores cannot alias, so the rule's scalars stay in registers across iterations.
        var local = rule;

        // The rule's state count, read once here where it is the first inlinee (so always inlined): a JIT-time constant
        // that folds every group's state loads and stores. Read inside each group instead, it was called out of line in
        // the unrolled second group once the method's inlining budget was spent, and every call spilled the vectors.
        var states = TRule.StateCount;
        var count = (nuint)TLane.Count;
        for (; length - index >= 2 * count; index += 2 * count)
        {
            Group<TRule, TDivide, TMaximize, TDecay, TLane>(local, states, ref p, ref g, ref s0, ref s1, ref s2, index);
            Group<TRule, TDivide, TMaximize, TDecay, TLane>(local, states, ref p, ref g, ref s0, ref s1, ref s2, index + count);
        }

        for (; length - index >= count; index += count)
        {
            Group<TRule, TDivide, TMaximize, TDecay, TLane>(local, states, ref p, ref g, ref s0, ref s1, ref s2, index);
        }

        return index;
    }

    /// <summary>
    /// Loads one group at <paramref name="index"/>, transforms the gradient, applies the rule, stores what it changed;
    /// <paramref name="states"/> is <c>TRule.StateCount</c> (a constant after inlining).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Group<TRule, TDivide, TMaximize, TDecay, TLane>(in TRule rule, int states, ref float p, ref float g, ref float s0, ref float s1, ref float s2, nuint index)
        where TRule : struct, IUpdateRule
        where TDivide : struct, IFlag
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag
        where TLane : struct, ILane<TLane>
    {
        var parameter = TLane.Load(ref p, index);
        var gradient = rule.Transform.Apply<TLane, TDivide, TMaximize, TDecay>(TLane.Load(ref g, index), parameter);
        TLane a = default, b = default, c = default;
        if (states > 0)
        {
            a = TLane.Load(ref s0, index);
        }

        if (states > 1)
        {
            b = TLane.Load(ref s1, index);
        }

        if (states > 2)
        {
            c = TLane.Load(ref s2, index);
        }

        rule.Apply(ref parameter, gradient, ref a, ref b, ref c);

        TLane.Store(parameter, ref p, index);
        if (states > 0)
        {
            TLane.Store(a, ref s0, index);
        }

        if (states > 1)
        {
            TLane.Store(b, ref s1, index);
        }

        if (states > 2)
        {
            TLane.Store(c, ref s2, index);
        }
    }
}
