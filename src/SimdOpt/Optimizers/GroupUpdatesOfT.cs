using SimdOpt.Kernels;

namespace SimdOpt.Optimizers;

/// <summary>
/// One <typeparamref name="TUpdate"/> per hyperparameter set, filled by the rule's "scalars of set g at step t", and the
/// one place where a set's <see cref="OptimizerOptions.FlushSubnormals"/> becomes the compile-time flag its rule runs with.
/// </summary>
/// <typeparam name="TUpdate">The rule's prepared step of one set.</typeparam>
/// <param name="flushSubnormals">Per set (0 = default options): whether it flushes subnormals.</param>
/// <param name="prepare">The scalars of set g at step t for base learning rate lr; may throw before anything is written.</param>
internal sealed class GroupUpdates<TUpdate>(bool[] flushSubnormals, Func<int, long, double, TUpdate> prepare) : GroupUpdates
    where TUpdate : struct, IGroupUpdate
{
    private readonly TUpdate[] _prepared = new TUpdate[flushSubnormals.Length];

    public override void Prepare(long stepNumber, double learningRate)
    {
        for (var group = 0; group < _prepared.Length; group++)
        {
            _prepared[group] = prepare(group, stepNumber, learningRate);
        }
    }

    public override void Run(int group, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> state0, Span<float> state1, Span<float> state2)
    {
        if (flushSubnormals[group])
        {
            _prepared[group].Run<On>(parameters, gradients, state0, state1, state2);
        }
        else
        {
            _prepared[group].Run<Off>(parameters, gradients, state0, state1, state2);
        }
    }
}
