using SimdOpt.Kernels;

namespace SimdOpt.Optimizers;

/// <summary>
/// A rule's scalars of hyperparameter set <paramref name="group"/> at step <paramref name="stepNumber"/> for base learning
/// rate <paramref name="learningRate"/>, written straight into the set's slot: returned by value instead, the call's return
/// buffer was copied into the slot with wide loads right after the rule's narrow field stores, a store-forwarding stall
/// on every step.
/// </summary>
/// <typeparam name="TUpdate">The rule's prepared step of one set.</typeparam>
internal delegate void PrepareGroup<TUpdate>(int group, long stepNumber, double learningRate, out TUpdate scalars)
    where TUpdate : struct, IGroupUpdate;
