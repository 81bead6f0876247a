using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// <see cref="UpdateLoop"/>'s loop over the full groups of one lane width, from <c>index</c> on: the streams, the gradient
/// transform and the average update of one call, with every choice a compile-time type. The rule hands it its scalars
/// as lanes (<see cref="IUpdateRule.RunWidth"/>); the transform's and the average's are broadcast here, before the loop.
/// </summary>
internal readonly ref struct WidthLoop<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, TLane>(
    GradientTransform transform, ref float p, ref float g, in StateStreams state, nuint index, nuint length) : IWidthLoop<TLane>
    where TRule : struct, IUpdateRule
    where TStorage : struct, IStateStorage
    where TAverage : struct, IAverageUpdate
    where TDivide : struct, IFlag
    where TMaximize : struct, IFlag
    where TDecay : struct, IFlag
    where TLane : struct, ILane<TLane>
{
    private readonly ref float _p = ref p;
    private readonly ref float _g = ref g;
    private readonly ref byte _s0 = ref state.Slot0;
    private readonly ref byte _s1 = ref state.Slot1;
    private readonly ref byte _s2 = ref state.Slot2;
    private readonly ref float _average = ref state.Average;
    private readonly RoundingKeys _keys = state.Keys;
    private readonly AverageUpdate _averageUpdate = state.AverageUpdate;
    private readonly GradientTransform _transform = transform;
    private readonly nuint _index = index;
    private readonly nuint _length = length;

    /// <summary>
    /// All full groups of the width, two per iteration. Not inlined: each width is its own compilation root with its own
    /// inlining budget, instead of four loops competing for the budget of the optimizer's <c>Update</c> (where the colder
    /// widths ended up calling the rule out of line).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public nuint Run<TLaneRule>(in TLaneRule rule)
        where TLaneRule : struct, ILaneRule<TLane>
    {
        // Local copies the stores cannot alias, so the broadcast scalars stay in registers across iterations.
        var local = rule;
        var transform = new GradientTransformLanes<TLane>(_transform);
        var average = TAverage.IsOn ? new AverageLanes<TLane>(_averageUpdate) : default;
        ref var p = ref _p;
        ref var g = ref _g;
        ref var s0 = ref _s0;
        ref var s1 = ref _s1;
        ref var s2 = ref _s2;
        ref var avg = ref _average;
        var keys = _keys;
        var index = _index;
        var length = _length;

        // The rule's state count, read once here where it is the first inlinee (so always inlined): a JIT-time constant
        // that folds every group's state loads and stores. Read inside each group instead, it was called out of line in
        // the unrolled second group once the method's inlining budget was spent, and every call spilled the vectors.
        var states = TRule.StateCount;
        var count = (nuint)TLane.Count;
        for (; length - index >= 2 * count; index += 2 * count)
        {
            Group(local, transform, average, states, ref p, ref g, ref s0, ref s1, ref s2, ref avg, keys, index);
            Group(local, transform, average, states, ref p, ref g, ref s0, ref s1, ref s2, ref avg, keys, index + count);
        }

        for (; length - index >= count; index += count)
        {
            Group(local, transform, average, states, ref p, ref g, ref s0, ref s1, ref s2, ref avg, keys, index);
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
