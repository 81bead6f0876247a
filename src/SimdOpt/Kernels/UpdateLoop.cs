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
    /// Applies <paramref name="rule"/> to every element over float32 state. The caller guarantees that the gradient and every
    /// state span the rule uses have the parameters' length, and that nothing overlaps.
    /// </summary>
    public static void Run<TRule>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state0, Span<float> state1, Span<float> state2)
        where TRule : struct, IUpdateRule =>
        Run<TRule, Float32Storage>(rule, parameters, gradients, StateStreams.Float32(state0, state1, state2));

    /// <summary>
    /// Applies <paramref name="rule"/> to every element, its state read and written through <typeparamref name="TStorage"/>
    /// (which must match <paramref name="state"/>'s encoding) in the same pass. The caller guarantees that the gradient and
    /// every state slot the rule uses have the parameters' length, and that nothing overlaps.
    /// </summary>
    public static void Run<TRule, TStorage>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
    {
        // The transform's three choices become compile-time flags here, once per call, instead of branches per group.
        if (rule.Transform.Divides)
        {
            RunDividing<TRule, TStorage, On>(rule, parameters, gradients, state);
        }
        else
        {
            RunDividing<TRule, TStorage, Off>(rule, parameters, gradients, state);
        }
    }

    private static void RunDividing<TRule, TStorage, TDivide>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
        where TDivide : struct, IFlag
    {
        var transform = rule.Transform;
        if (transform.Maximize)
        {
            if (transform.WeightDecay != 0f)
            {
                RunTransformed<TRule, TStorage, TDivide, On, On>(rule, parameters, gradients, state);
            }
            else
            {
                RunTransformed<TRule, TStorage, TDivide, On, Off>(rule, parameters, gradients, state);
            }
        }
        else if (transform.WeightDecay != 0f)
        {
            RunTransformed<TRule, TStorage, TDivide, Off, On>(rule, parameters, gradients, state);
        }
        else
        {
            RunTransformed<TRule, TStorage, TDivide, Off, Off>(rule, parameters, gradients, state);
        }
    }

    private static void RunTransformed<TRule, TStorage, TDivide, TMaximize, TDecay>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
        where TDivide : struct, IFlag
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag
    {
        // By default the widest width is the hardware's, a JIT-time constant, so the width checks fold away as before.
        if (LaneSelection.IsAnyForced)
        {
            RunFrom<TRule, TStorage, TDivide, TMaximize, TDecay>(rule, parameters, gradients, state, LaneSelection.Widest);
        }
        else
        {
            RunFrom<TRule, TStorage, TDivide, TMaximize, TDecay>(rule, parameters, gradients, state, LaneSelection.Native);
        }
    }

    /// <summary>Every width from <paramref name="widest"/> down, each taking the full groups the wider ones left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunFrom<TRule, TStorage, TDivide, TMaximize, TDecay>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state, LaneWidth widest)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
        where TDivide : struct, IFlag
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag
    {
        var length = (nuint)parameters.Length;
        ref var p = ref MemoryMarshal.GetReference(parameters);
        ref var g = ref MemoryMarshal.GetReference(gradients);
        ref var s0 = ref state.Slot0;
        ref var s1 = ref state.Slot1;
        ref var s2 = ref state.Slot2;
        var keys = state.Keys;

        nuint index = 0;
        if (widest >= LaneWidth.Vector512)
        {
            index = RunWidth<TRule, TStorage, TDivide, TMaximize, TDecay, Vector512Lane>(rule, ref p, ref g, ref s0, ref s1, ref s2, keys, index, length);
        }

        if (widest >= LaneWidth.Vector256)
        {
            index = RunWidth<TRule, TStorage, TDivide, TMaximize, TDecay, Vector256Lane>(rule, ref p, ref g, ref s0, ref s1, ref s2, keys, index, length);
        }

        if (widest >= LaneWidth.Vector128)
        {
            index = RunWidth<TRule, TStorage, TDivide, TMaximize, TDecay, Vector128Lane>(rule, ref p, ref g, ref s0, ref s1, ref s2, keys, index, length);
        }

        RunWidth<TRule, TStorage, TDivide, TMaximize, TDecay, ScalarLane>(rule, ref p, ref g, ref s0, ref s1, ref s2, keys, index, length);
    }

    /// <summary>
    /// All full groups of one width, two per iteration. Not inlined into <see cref="Run{TRule, TStorage}"/>: each width is its own
    /// compilation root with its own inlining budget, instead of four loops competing for the budget of the
    /// optimizer's <c>Update</c> (where the colder widths ended up calling the rule out of line).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nuint RunWidth<TRule, TStorage, TDivide, TMaximize, TDecay, TLane>(in TRule rule, ref float p, ref float g, ref byte s0, ref byte s1, ref byte s2, RoundingKeys keys, nuint index, nuint length)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
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
            Group<TRule, TStorage, TDivide, TMaximize, TDecay, TLane>(local, states, ref p, ref g, ref s0, ref s1, ref s2, keys, index);
            Group<TRule, TStorage, TDivide, TMaximize, TDecay, TLane>(local, states, ref p, ref g, ref s0, ref s1, ref s2, keys, index + count);
        }

        for (; length - index >= count; index += count)
        {
            Group<TRule, TStorage, TDivide, TMaximize, TDecay, TLane>(local, states, ref p, ref g, ref s0, ref s1, ref s2, keys, index);
        }

        return index;
    }

    /// <summary>
    /// Loads one group at <paramref name="index"/>, transforms the gradient, applies the rule, stores what it changed;
    /// <paramref name="states"/> is <c>TRule.StateCount</c> (a constant after inlining).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Group<TRule, TStorage, TDivide, TMaximize, TDecay, TLane>(in TRule rule, int states, ref float p, ref float g, ref byte s0, ref byte s1, ref byte s2, in RoundingKeys keys, nuint index)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
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
            a = TStorage.Load<TLane>(ref s0, index);
        }

        if (states > 1)
        {
            b = TStorage.Load<TLane>(ref s1, index);
        }

        if (states > 2)
        {
            c = TStorage.Load<TLane>(ref s2, index);
        }

        rule.Apply(ref parameter, gradient, ref a, ref b, ref c);

        TLane.Store(parameter, ref p, index);
        if (states > 0)
        {
            TStorage.Store(a, ref s0, index, keys.FirstIndex + (uint)index, keys.Slot0);
        }

        if (states > 1)
        {
            TStorage.Store(b, ref s1, index, keys.FirstIndex + (uint)index, keys.Slot1);
        }

        if (states > 2)
        {
            TStorage.Store(c, ref s2, index, keys.FirstIndex + (uint)index, keys.Slot2);
        }
    }
}
