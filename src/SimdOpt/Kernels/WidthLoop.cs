using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// <see cref="UpdateLoop"/>'s loop over the full groups of one lane width, with every choice of the call (rule, state
/// storage, average, gradient transform, width) a compile-time type. The rule hands it its scalars as lanes
/// (<see cref="IUpdateRule.RunWidth"/>); the transform's and the average's are broadcast here, before the loop.
/// </summary>
internal readonly struct WidthLoop<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, TLane> : IWidthLoop<TLane>
    where TRule : struct, IUpdateRule
    where TStorage : struct, IStateStorage
    where TAverage : struct, IAverageUpdate
    where TDivide : struct, IFlag
    where TMaximize : struct, IFlag
    where TDecay : struct, IFlag
    where TLane : struct, ILane<TLane>
{
    /// <summary>
    /// All full groups of the width, two per iteration. Not inlined: each width is its own compilation root with its own
    /// inlining budget, instead of four loops competing for the budget of the optimizer's <c>Update</c> (where the colder
    /// widths ended up calling the rule out of line).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static nuint Run<TLaneRule>(in TLaneRule rule, GradientTransform transform, ref float parameters, ref float gradients, in StateStreams state, nuint index, nuint length)
        where TLaneRule : struct, ILaneRule<TLane>
    {
        // Local copies the stores cannot alias, so the broadcast scalars stay in registers across iterations.
        var local = rule;
        var transformLanes = new GradientTransformLanes<TLane>(transform);
        var average = TAverage.IsOn ? new AverageLanes<TLane>(state.AverageUpdate) : default;
        ref var p = ref parameters;
        ref var g = ref gradients;
        ref var s0 = ref state.Slot0;
        ref var s1 = ref state.Slot1;
        ref var s2 = ref state.Slot2;
        ref var avg = ref state.Average;
        var keys = state.Keys;

        // The rule's state count, read once here where it is the first inlinee (so always inlined): a JIT-time constant
        // that folds every group's state loads and stores. Read inside each group instead, it was called out of line in
        // the unrolled second group once the method's inlining budget was spent, and every call spilled the vectors.
        var states = TRule.StateCount;
        var count = (nuint)TLane.Count;
        for (; length - index >= 2 * count; index += 2 * count)
        {
            Group(local, transformLanes, average, states, ref p, ref g, ref s0, ref s1, ref s2, ref avg, keys, index);
            Group(local, transformLanes, average, states, ref p, ref g, ref s0, ref s1, ref s2, ref avg, keys, index + count);
        }

        for (; length - index >= count; index += count)
        {
            Group(local, transformLanes, average, states, ref p, ref g, ref s0, ref s1, ref s2, ref avg, keys, index);
        }

        return index;
    }

    /// <summary>
    /// Loads one group at <paramref name="index"/>, transforms the gradient, applies the rule, stores what it changed (and
    /// updates the average, if any, from the new parameters);
    /// <paramref name="states"/> is <c>TRule.StateCount</c> (a constant after inlining).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Group<TLaneRule>(
        in TLaneRule rule, in GradientTransformLanes<TLane> transform, in AverageLanes<TLane> average, int states,
        ref float p, ref float g, ref byte s0, ref byte s1, ref byte s2, ref float avg, in RoundingKeys keys, nuint index)
        where TLaneRule : struct, ILaneRule<TLane>
    {
        var parameter = TLane.Load(ref p, index);
        var gradient = transform.Apply<TDivide, TMaximize, TDecay>(TLane.Load(ref g, index), parameter);
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
        if (TAverage.IsOn)
        {
            TLane.Store(TAverage.Next(TLane.Load(ref avg, index), parameter, average), ref avg, index);
        }

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
