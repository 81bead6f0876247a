using SimdOpt.Kernels;
using SimdOpt.Precision;

namespace SimdOpt.Optimizers;

/// <summary>
/// One <typeparamref name="TUpdate"/> per hyperparameter set, filled by the rule's "scalars of set g at step t", and the
/// one place where a set's <see cref="OptimizerOptions.FlushSubnormals"/> and the state's encoding become the compile-time types its rule runs with.
/// </summary>
/// <typeparam name="TUpdate">The rule's prepared step of one set.</typeparam>
/// <param name="flushSubnormals">Per set (0 = default options): whether it flushes subnormals.</param>
/// <param name="prepare">The scalars of set g at step t for base learning rate lr; may throw before anything is written.</param>
internal sealed class GroupUpdates<TUpdate>(bool[] flushSubnormals, PrepareGroup<TUpdate> prepare) : GroupUpdates
    where TUpdate : struct, IGroupUpdate
{
    private readonly TUpdate[] _prepared = new TUpdate[flushSubnormals.Length];

    public override void Prepare(long stepNumber, double learningRate)
    {
        for (var group = 0; group < _prepared.Length; group++)
        {
            prepare(group, stepNumber, learningRate, out _prepared[group]);
        }
    }

    public override void Run(int group, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
    {
        if (flushSubnormals[group])
        {
            RunFlushing<On>(group, parameters, gradients, state);
        }
        else
        {
            RunFlushing<Off>(group, parameters, gradients, state);
        }
    }

    /// <summary>The one place where the state's encoding becomes the storage type the rule's loop is compiled for.</summary>
    private void RunFlushing<TFlush>(int group, Span<float> parameters, ReadOnlySpan<float> gradients, in StateStreams state)
        where TFlush : struct, IFlag
    {
        switch (state.Encoding)
        {
            case StateEncoding.BFloat16NearestEven:
                _prepared[group].Run<TFlush, BFloat16NearestEvenStorage>(parameters, gradients, state);
                break;
            case StateEncoding.BFloat16Stochastic:
                _prepared[group].Run<TFlush, BFloat16StochasticStorage>(parameters, gradients, state);
                break;
            case StateEncoding.Blockwise8Bit:
                _prepared[group].Run<TFlush, Blockwise8BitStorage>(parameters, gradients, state);
                break;
            default:
                _prepared[group].Run<TFlush, Float32Storage>(parameters, gradients, state);
                break;
        }
    }
}
