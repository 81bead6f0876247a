using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdOpt.Kernels;

/// <summary>
/// The one loop that drives every update rule: full Vector512 groups first, then at most one Vector256
/// and one Vector128 group, then single floats, starting at the widest width <see cref="LaneSelection.Widest"/>
/// allows. Every width runs the same rule, so every element gets the same bits whichever width (or shard)
/// processes it. Its locals are not zeroed on entry (<see cref="SkipLocalsInitAttribute"/>): the dispatch inlines a rule's lanes
/// and a width loop's arguments per compile-time variant, and zeroing those frames cost more than a small step's loop.
/// </summary>
[SkipLocalsInit]
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
        switch (state.AverageUpdate.Kind)
        {
            case AverageKind.Copy:
                RunAveraging<TRule, TStorage, CopyAverage>(rule, parameters, gradients, state);
                break;
            case AverageKind.Exponential:
                RunAveraging<TRule, TStorage, AverageRule<Off>>(rule, parameters, gradients, state);
                break;
            case AverageKind.Equal:
                RunAveraging<TRule, TStorage, AverageRule<On>>(rule, parameters, gradients, state);
                break;
            default:
                RunAveraging<TRule, TStorage, NoAverage>(rule, parameters, gradients, state);
                break;
        }
    }

    private static void RunAveraging<TRule, TStorage, TAverage>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
        where TAverage : struct, IAverageUpdate
    {
        // The transform's three choices become compile-time flags here, once per call, instead of branches per group.
        if (rule.Transform.Divides)
        {
            RunDividing<TRule, TStorage, TAverage, On>(rule, parameters, gradients, state);
        }
        else
        {
            RunDividing<TRule, TStorage, TAverage, Off>(rule, parameters, gradients, state);
        }
    }

    private static void RunDividing<TRule, TStorage, TAverage, TDivide>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
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
                RunTransformed<TRule, TStorage, TAverage, TDivide, On, On>(rule, parameters, gradients, state);
            }
            else
            {
                RunTransformed<TRule, TStorage, TAverage, TDivide, On, Off>(rule, parameters, gradients, state);
            }
        }
        else if (transform.WeightDecay != 0f)
        {
            RunTransformed<TRule, TStorage, TAverage, TDivide, Off, On>(rule, parameters, gradients, state);
        }
        else
        {
            RunTransformed<TRule, TStorage, TAverage, TDivide, Off, Off>(rule, parameters, gradients, state);
        }
    }

    /// <summary>
    /// One choice of the transform's flags. Not inlined: inlined into <see cref="RunDividing"/>, its four copies shared one
    /// inlining budget and one stack frame (18 KB for Adam, probed on every call), and the rules' lanes constructors were
    /// left as calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunTransformed<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TRule : struct, IUpdateRule
        where TStorage : struct, IStateStorage
        where TAverage : struct, IAverageUpdate
        where TDivide : struct, IFlag
        where TMaximize : struct, IFlag
        where TDecay : struct, IFlag
    {
        // A storage that steps runs block by block (8-bit state) takes the run here, once its choices are types (a JIT-time constant).
        if (TStorage.RunsBlocks)
        {
            TStorage.RunBlocks<TRule, TAverage, TDivide, TMaximize, TDecay>(rule, parameters, gradients, state, LaneSelection.Widest);
            return;
        }

        // By default the widest width is the hardware's, a JIT-time constant, so the width checks fold away as before.
        if (LaneSelection.IsAnyForced)
        {
            RunFrom<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay>(rule, parameters, gradients, state, LaneSelection.Widest);
        }
        else
        {
            RunFrom<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay>(rule, parameters, gradients, state, LaneSelection.Native);
        }
    }

    /// <summary>
    /// Every width from <paramref name="widest"/> down, each taking the full groups the wider ones left; a width with no
    /// full group left is not entered (its scalars are not even broadcast), so a buffer the widest width covers costs one call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void RunFrom<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay>(in TRule rule, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state, LaneWidth widest)
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

        nuint index = 0;
        if (widest >= LaneWidth.Vector512 && length >= (nuint)Vector512Lane.Count)
        {
            index = rule.RunWidth<Vector512Lane, WidthLoop<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, Vector512Lane>>(
                ref p, ref g, state, index, length);
        }

        if (widest >= LaneWidth.Vector256 && length - index >= (nuint)Vector256Lane.Count)
        {
            index = rule.RunWidth<Vector256Lane, WidthLoop<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, Vector256Lane>>(
                ref p, ref g, state, index, length);
        }

        if (widest >= LaneWidth.Vector128 && length - index >= (nuint)Vector128Lane.Count)
        {
            index = rule.RunWidth<Vector128Lane, WidthLoop<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, Vector128Lane>>(
                ref p, ref g, state, index, length);
        }

        if (index < length)
        {
            rule.RunWidth<ScalarLane, WidthLoop<TRule, TStorage, TAverage, TDivide, TMaximize, TDecay, ScalarLane>>(
                ref p, ref g, state, index, length);
        }
    }
}
