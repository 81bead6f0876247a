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

    /// <summary>Lion with random betas, decoupled weight decay, maximize and subnormal flush.</summary>
    public static Gen<RuleSetup> Lion { get; } =
        from lr in Values.LearningRate
        from wd in Values.WeightDecay
        from maximize in Values.Bool
        from beta1 in Values.Beta
        from beta2 in Values.Beta
        from flush in Values.Bool
        let o = new LionOptions { Beta1 = beta1, Beta2 = beta2, WeightDecay = wd, Maximize = maximize, FlushSubnormals = flush }
        select Setup(o, lr, (l, r) => new Lion(l, r, o), (p, g, s0, _, _, _, r) => ReferenceLion.Step(p, g, s0, o, r));

    /// <summary>Adamax with random betas, epsilon, weight decay, maximize and subnormal flush.</summary>
    public static Gen<RuleSetup> Adamax { get; } =
        from lr in Values.LearningRate
        from wd in Values.WeightDecay
        from maximize in Values.Bool
        from beta1 in Values.Beta
        from beta2 in Values.Beta
        from eps in Values.Epsilon
        from flush in Values.Bool
        let o = new AdamaxOptions { Beta1 = beta1, Beta2 = beta2, Epsilon = eps, WeightDecay = wd, Maximize = maximize, FlushSubnormals = flush }
        select Setup(o, lr, (l, r) => new Adamax(l, r, o), (p, g, s0, s1, _, t, r) => ReferenceAdamax.Step(p, g, s0, s1, o, r, t));

    /// <summary>NAdam with random betas, epsilon, momentum decay (0, 0.004, up to 1, or 50), weight decay (L2 or decoupled), maximize and subnormal flush.</summary>
    public static Gen<RuleSetup> NAdam { get; } =
        from lr in Values.LearningRate
        from wd in Values.WeightDecay
        from maximize in Values.Bool
        from beta1 in Values.Beta
        from beta2 in Values.Beta
        from eps in Values.Epsilon
        from psi in Gen.Frequency((1, Gen.Elements(0.0, 4e-3, 50.0)), (2, Gen.Choose(0, 1_000_000).Select(i => i / 1_000_000.0)))
        from decoupled in Values.Bool
        from flush in Values.Bool
        let o = new NAdamOptions { Beta1 = beta1, Beta2 = beta2, Epsilon = eps, MomentumDecay = psi, DecoupledWeightDecay = decoupled, WeightDecay = wd, Maximize = maximize, FlushSubnormals = flush }
        select Setup(o, lr, (l, r) => new NAdam(l, r, o), (p, g, s0, s1, _, t, r) => ReferenceNAdam.Step(p, g, s0, s1, o, r, t));

    /// <summary>RAdam with random betas (beta2 0.9, 0.99 or 0.999 half the time, so the 8 steps cross the rectification threshold), epsilon, weight decay (L2 or decoupled), maximize and subnormal flush.</summary>
    public static Gen<RuleSetup> RAdam { get; } =
        from lr in Values.LearningRate
        from wd in Values.WeightDecay
        from maximize in Values.Bool
        from beta1 in Values.Beta
        from beta2 in Gen.Frequency((1, Values.Beta), (1, Gen.Elements(0.9, 0.99, 0.999)))
        from eps in Values.Epsilon
        from decoupled in Values.Bool
        from flush in Values.Bool
        let o = new RAdamOptions { Beta1 = beta1, Beta2 = beta2, Epsilon = eps, DecoupledWeightDecay = decoupled, WeightDecay = wd, Maximize = maximize, FlushSubnormals = flush }
        select Setup(o, lr, (l, r) => new RAdam(l, r, o), (p, g, s0, s1, _, t, r) => ReferenceRAdam.Step(p, g, s0, s1, o, r, t));

    /// <summary>Adadelta with random rho (including 1), epsilon (including its default 1e-6), weight decay, maximize and subnormal flush.</summary>
    public static Gen<RuleSetup> Adadelta { get; } =
        from lr in Values.LearningRate
        from wd in Values.WeightDecay
        from maximize in Values.Bool
        from rho in Gen.Frequency((5, Values.Beta), (1, Gen.Constant(1.0)))
        from eps in Gen.Frequency((3, Values.Epsilon), (1, Gen.Constant(1e-6)))
        from flush in Values.Bool
        let o = new AdadeltaOptions { Rho = rho, Epsilon = eps, WeightDecay = wd, Maximize = maximize, FlushSubnormals = flush }
        select Setup(o, lr, (l, r) => new Adadelta(l, r, o), (p, g, s0, s1, _, _, r) => ReferenceAdadelta.Step(p, g, s0, s1, o, r));

    /// <summary>
    /// Schedule-Free AdamW with random betas (beta1 in (0, 1)), epsilon, warm-up (none, 1, 3 or 20 steps), r and
    /// weight_lr_power (0 to 3), weight decay, maximize and subnormal flush. The reference replays the scalar state of
    /// steps 1 to t - 1 at the same learning rate before step t: the rate must stay constant over a run, as in
    /// <see cref="ReferenceAssert.Matches"/>.
    /// </summary>
    public static Gen<RuleSetup> ScheduleFreeAdamW { get; } =
        from lr in Values.LearningRate
        from wd in Values.WeightDecay
        from maximize in Values.Bool
        from beta1 in Values.Beta.Where(b => b > 0)
        from beta2 in Values.Beta
        from eps in Values.Epsilon
        from warmup in Gen.Elements(0, 0, 1, 3, 20)
        from r in Gen.Elements(0.0, 0.0, 1.0, 3.0)
        from power in Gen.Elements(2.0, 2.0, 0.0, 1.0, 3.0)
        from flush in Values.Bool
        let o = new ScheduleFreeAdamWOptions { Beta1 = beta1, Beta2 = beta2, Epsilon = eps, WarmupSteps = warmup, R = r, WeightLrPower = power, WeightDecay = wd, Maximize = maximize, FlushSubnormals = flush }
        select Setup(o, lr, (l, rate) => new SimdOpt.Optimizers.ScheduleFreeAdamW(l, rate, o), (p, g, s0, s1, _, t, rate) =>
        {
            double weightSum = 0, learningRateMax = 0;
            for (long earlier = 1; earlier < t; earlier++)
            {
                ReferenceScheduleFreeAdamW.Step([], [], [], [], o, rate, earlier, ref weightSum, ref learningRateMax);
            }

            ReferenceScheduleFreeAdamW.Step(p, g, s0, s1, o, rate, t, ref weightSum, ref learningRateMax);
        });

    /// <summary>Any of the rules above, equally likely.</summary>
    public static Gen<RuleSetup> Any { get; } = Gen.OneOf(Sgd, MovingAverageMomentum, AdaGrad, RmsProp, Adam, Lion, Adamax, NAdam, RAdam, Adadelta, ScheduleFreeAdamW);

    private static RuleSetup Setup(OptimizerOptions options, double lr, Func<SimdOpt.Parameters.ParameterLayout, double, Optimizer> create, ReferenceStep reference) =>
        new(options.ToString(), options, lr, create, reference);
}
