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
    /// (which must match <paramref name="state"/>'s encoding) in the same pass, and updates <paramref name="state"/>'s
    /// running average (if any) from each parameter the rule has just computed. The caller guarantees that the gradient,
    /// every state slot the rule uses and the average have the parameters' length, and that nothing overlaps.
    /// </summary>
    public static void Run<TRule, TStorage>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
    {
        // The average's kind becomes a compile-time type here, once per call, as the transform's choices do below.
        var update = state.AverageUpdate;
        switch (update.Kind)
        {
            case AverageKind.Copy:
                RunAveraging<TRule, TStorage, CopyAverage>(rule, default, parameters, gradients, state);
                break;
            case AverageKind.Exponential:
                RunAveraging<TRule, TStorage, AverageRule<Off>>(rule, new(update.Keep, update.Take, 0f), parameters, gradients, state);
                break;
            case AverageKind.Equal:
                RunAveraging<TRule, TStorage, AverageRule<On>>(rule, new(0f, 0f, update.Divisor), parameters, gradients, state);
                break;
            default:
                RunAveraging<TRule, TStorage, NoAverage>(rule, default, parameters, gradients, state);
                break;
        }
    }

    private static void RunAveraging<TRule, TStorage, TAverage>(in TRule rule, in TAverage average, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
        where TAverage : struct, IAverageUpdate
    {
        // The transform's three choices become compile-time flags here, once per call, instead of branches per group.
        if (rule.Transform.Divides)
        {
            RunDividing<TRule, TStorage, TAverage, On>(rule, average, parameters, gradients, state);
        }
        else
        {
            RunDividing<TRule, TStorage, TAverage, Off>(rule, average, parameters, gradients, state);
        }
    }

    private static void RunDividing<TRule, TStorage, TAverage, TDivide>(in TRule rule, in TAverage average, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
        where TAverage : struct, IAverageUpdate
        where TDivide : struct, IFlag
    {
        var transform = rule.Transform;
        if (transform.Maximize)
        {
            if (transform.WeightDecay != 0f)
            {
                RunTransformed<TRule, TStorage, TAverage, TDivide, On, On>(rule, average, parameters, gradients, state);
            }
            else
            {
                RunTransformed<TRule, TStorage, TAverage, TDivide, On, Off>(rule, average, parameters, gradients, state);
            }
        }
        else if (transform.WeightDecay != 0f)
        {
            RunTransformed<TRule, TStorage, TAverage, TDivide, Off, On>(rule, average, parameters, gradients, state);
        }
        else
        {
            RunTransformed<TRule, TStorage, TAverage, TDivide, Off, Off>(rule, average, parameters, gradients, state);
        }
    }

    private static void RunTransformed<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay>(in TRule rule, in TAverage average, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
        where TAverage : struct, IAverageUpdate
        where TDivide : struct, IFlag
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag
    {
        // By default the widest width is the hardware's, a JIT-time constant, so the width checks fold away as before.
        if (LaneSelection.IsAnyForced)
        {
            RunFrom<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay>(rule, average, parameters, gradients, state, LaneSelection.Widest);
        }
        else
        {
            RunFrom<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay>(rule, average, parameters, gradients, state, LaneSelection.Native);
        }
    }

    /// <summary>Every width from <paramref name="widest"/> down, each taking the full groups the wider ones left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunFrom<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay>(in TRule rule, in TAverage average, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state, LaneWidth widest)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
        where TAverage : struct, IAverageUpdate
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
        ref var avg = ref state.Average;
        var keys = state.Keys;

        nuint index = 0;
        if (widest >= LaneWidth.Vector512)
        {
            index = RunWidth<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, Vector512Lane>(rule, average, ref p, ref g, ref s0, ref s1, ref s2, ref avg, keys, index, length);
        }

        if (widest >= LaneWidth.Vector256)
        {
            index = RunWidth<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, Vector256Lane>(rule, average, ref p, ref g, ref s0, ref s1, ref s2, ref avg, keys, index, length);
        }

        if (widest >= LaneWidth.Vector128)
        {
            index = RunWidth<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, Vector128Lane>(rule, average, ref p, ref g, ref s0, ref s1, ref s2, ref avg, keys, index, length);
        }

        RunWidth<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, ScalarLane>(rule, average, ref p, ref g, ref s0, ref s1, ref s2, ref avg, keys, index, length);
    }

    /// <summary>
    /// All full groups of one width, two per iteration. Not inlined into <see cref="Run{TRule, TStorage}"/>: each width is its own
    /// compilation root with its own inlining budget, instead of four loops competing for the budget of the
    /// optimizer's <c>Update</c> (where the colder widths ended up calling the rule out of line).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nuint RunWidth<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, TLane>(in TRule rule, in TAverage average, ref float p, ref float g, ref byte s0, ref byte s1, ref byte s2, ref float avg, RoundingKeys keys, nuint index, nuint length)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
        where TAverage : struct, IAverageUpdate
        where TDivide : struct, IFlag
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag
        where TLane : struct, ILane<TLane>
    {
        // A local copy the stores cannot alias, so the rule's scalars stay in registers across iterations.
        var local = rule;
        var localAverage = average;

        // The rule's state count, read once here where it is the first inlinee (so always inlined): a JIT-time constant
        // that folds every group's state loads and stores. Read inside each group instead, it was called out of line in
        // the unrolled second group once the method's inlining budget was spent, and every call spilled the vectors.
        var states = TRule.StateCount;
        var count = (nuint)TLane.Count;
        for (; length - index >= 2 * count; index += 2 * count)
        {
            Group<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, TLane>(local, localAverage, states, ref p, ref g, ref s0, ref s1, ref s2, ref avg, keys, index);
            Group<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, TLane>(local, localAverage, states, ref p, ref g, ref s0, ref s1, ref s2, ref avg, keys, index + count);
        }

        for (; length - index >= count; index += count)
        {
            Group<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, TLane>(local, localAverage, states, ref p, ref g, ref s0, ref s1, ref s2, ref avg, keys, index);
        }

        return index;
    }

    /// <summary>
    /// Loads one group at <paramref name="index"/>, transforms the gradient, applies the rule, stores what it changed (and
    /// updates the average, if any, from the new parameters);
    /// <paramref name="states"/> is <c>TRule.StateCount</c> (a constant after inlining).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Group<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, TLane>(in TRule rule, in TAverage average, int states, ref float p, ref float g, ref byte s0, ref byte s1, ref byte s2, ref float avg, in RoundingKeys keys, nuint index)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
        where TAverage : struct, IAverageUpdate
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
        if (TAverage.IsOn)
        {
            TLane.Store(average.Next(TLane.Load(ref avg, index), parameter), ref avg, index);
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
