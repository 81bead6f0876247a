using FsCheck;
using FsCheck.Fluent;
using SimdOpt.Optimizers;
using SimdOpt.Reference;

namespace SimdOpt.Testing;

/// <summary>FsCheck generators of every SimdOpt rule with random valid hyperparameters, each paired with its reference implementation.</summary>
public static class Rules
{
    /// <summary>SGD with random learning rate, weight decay, maximize, momentum (0 or a beta), Nesterov, dampening and subnormal flush.</summary>
    public static Gen<RuleSetup> Sgd { get; } =
        from lr in Values.LearningRate
        from wd in Values.WeightDecay
        from maximize in Values.Bool
        from momentum in Gen.Frequency((1, Gen.Constant(0.0)), (3, Values.Beta.Where(b => b > 0)))
        from nesterov in Values.Bool
        from dampening in Gen.Elements(0.0, 0.1, 0.5, 1.0)
        from flush in Values.Bool
        let o = new SgdOptions
        {
            Momentum = momentum,
            Nesterov = nesterov && momentum > 0,
            Dampening = nesterov && momentum > 0 ? 0 : dampening,
            WeightDecay = wd,
            Maximize = maximize,
            FlushSubnormals = flush,
        }
        select Setup(o, lr, (l, r) => new Sgd(l, r, o), (p, g, s0, _, _, t, r) => ReferenceSgd.Step(p, g, s0, o, r, t));

    /// <summary>Moving-average momentum with random beta, weight decay, maximize and subnormal flush.</summary>
    public static Gen<RuleSetup> MovingAverageMomentum { get; } =
        from lr in Values.LearningRate
        from wd in Values.WeightDecay
        from maximize in Values.Bool
        from beta in Values.Beta
        from flush in Values.Bool
        let o = new MovingAverageMomentumOptions { Beta = beta, WeightDecay = wd, Maximize = maximize, FlushSubnormals = flush }
        select Setup(o, lr, (l, r) => new MovingAverageMomentum(l, r, o), (p, g, s0, _, _, _, r) => ReferenceMovingAverageMomentum.Step(p, g, s0, o, r));

    /// <summary>
    /// AdaGrad with random learning-rate decay, initial accumulator (including 2^-126 and the subnormal 1e-39),
    /// epsilon, weight decay, maximize and subnormal flush.
    /// </summary>
    public static Gen<RuleSetup> AdaGrad { get; } =
        from lr in Values.LearningRate
        from wd in Values.WeightDecay
        from maximize in Values.Bool
        from decay in Gen.Elements(0.0, 0.01, 1.0)
        from initial in Gen.Elements(0.0, 0.1, 3.0, Math.ScaleB(1.0, -126), 1e-39)
        from eps in Values.Epsilon
        from flush in Values.Bool
        let o = new AdaGradOptions { LearningRateDecay = decay, InitialAccumulatorValue = initial, Epsilon = eps, WeightDecay = wd, Maximize = maximize, FlushSubnormals = flush }
        select Setup(o, lr, (l, r) => new AdaGrad(l, r, o), (p, g, s0, _, _, t, r) => ReferenceAdaGrad.Step(p, g, s0, o, r, t));

    /// <summary>RMSProp with random alpha, epsilon, centered, momentum, weight decay, maximize and subnormal flush.</summary>
    public static Gen<RuleSetup> RmsProp { get; } =
        from lr in Values.LearningRate
        from wd in Values.WeightDecay
        from maximize in Values.Bool
        from alpha in Values.Beta
        from eps in Values.Epsilon
        from centered in Values.Bool
        from momentum in Gen.Frequency((1, Gen.Constant(0.0)), (1, Values.Beta))
        from flush in Values.Bool
        let o = new RmsPropOptions { Alpha = alpha, Epsilon = eps, Centered = centered, Momentum = momentum, WeightDecay = wd, Maximize = maximize, FlushSubnormals = flush }
        select Setup(o, lr, (l, r) => new RmsProp(l, r, o), (p, g, s0, s1, s2, _, r) =>
            ReferenceRmsProp.Step(p, g, s0, centered ? s1 : [], momentum > 0 ? (centered ? s2 : s1) : [], o, r));

    /// <summary>Adam, AMSGrad and AdamW with random betas, epsilon, weight decay (L2 or decoupled), maximize and subnormal flush.</summary>
    public static Gen<RuleSetup> Adam { get; } =
        from lr in Values.LearningRate
        from wd in Values.WeightDecay
        from maximize in Values.Bool
        from beta1 in Values.Beta
        from beta2 in Values.Beta
        from eps in Values.Epsilon
        from amsgrad in Values.Bool
        from decoupled in Values.Bool
        from flush in Values.Bool
        let o = new AdamOptions { Beta1 = beta1, Beta2 = beta2, Epsilon = eps, Amsgrad = amsgrad, DecoupledWeightDecay = decoupled, WeightDecay = wd, Maximize = maximize, FlushSubnormals = flush }
        select Setup(o, lr, (l, r) => new Adam(l, r, o), (p, g, s0, s1, s2, t, r) => ReferenceAdam.Step(p, g, s0, s1, s2, o, r, t));

    /// <summary>Any of the rules above, equally likely.</summary>
    public static Gen<RuleSetup> Any { get; } = Gen.OneOf(Sgd, MovingAverageMomentum, AdaGrad, RmsProp, Adam);

    private static RuleSetup Setup(OptimizerOptions options, double lr, Func<SimdOpt.Parameters.ParameterLayout, double, Optimizer> create, ReferenceStep reference) =>
        new(options.ToString(), options, lr, create, reference);
}
