using SimdOpt.Optimizers;
using SimdOpt.Reference;

namespace SimdOpt.Catalog;

/// <summary>
/// The one list of SimdOpt's update rules. Checkpoints, the command line, SimdOpt.Testing's generators, the test
/// suites and the benchmark report all derive their lists from it. A new rule adds one registration here (and one
/// <c>[JsonSerializable]</c> line for its options in <see cref="RuleJsonContext"/>).
/// </summary>
public static class RuleCatalog
{
    /// <summary>Every rule, in display order.</summary>
    public static IReadOnlyList<RuleRegistration> Rules { get; } =
    [
        new RuleRegistration<Sgd, SgdOptions>(
            (l, lr, o, p) => new Sgd(l, lr, o, nonFiniteGradients: p),
            (o, s) => ReferenceSgd.Step(s.Parameters, s.Gradients, s.States.Optional("momentum_buffer"), o, s.LearningRate, s.Step),
            new HyperparameterSpace<SgdOptions>()
                .OffOrDecay("momentum", o => o.Momentum, (o, v) => o with { Momentum = v })
                .Choice("dampening", o => o.Dampening, (o, v) => o with { Dampening = v }, 0, 0.1, 0.5, 1)
                .Flag("nesterov", o => o.Nesterov, (o, v) => o with { Nesterov = v })
                .Normalize(o => o.Nesterov && (o.Momentum == 0 || o.Dampening != 0) ? o with { Nesterov = o.Momentum > 0, Dampening = 0 } : o),
            RuleJsonContext.Default.SgdOptions,
            new RulePreset("gd", "Gradient descent", new SgdOptions()),
            new RulePreset("sgd-momentum", "Momentum (PyTorch form)", new SgdOptions { Momentum = 0.9 }),
            new RulePreset("nesterov", "Nesterov momentum", new SgdOptions { Momentum = 0.9, Nesterov = true })),
        new RuleRegistration<MovingAverageMomentum, MovingAverageMomentumOptions>(
            (l, lr, o, p) => new MovingAverageMomentum(l, lr, o, nonFiniteGradients: p),
            (o, s) => ReferenceMovingAverageMomentum.Step(s.Parameters, s.Gradients, s.States["velocity"], o, s.LearningRate),
            new HyperparameterSpace<MovingAverageMomentumOptions>()
                .Decay("beta", o => o.Beta, (o, v) => o with { Beta = v }),
            RuleJsonContext.Default.MovingAverageMomentumOptions,
            new RulePreset("momentum", "Momentum (moving average)", new MovingAverageMomentumOptions())),
        new RuleRegistration<AdaGrad, AdaGradOptions>(
            (l, lr, o, p) => new AdaGrad(l, lr, o, nonFiniteGradients: p),
            (o, s) => ReferenceAdaGrad.Step(s.Parameters, s.Gradients, s.States["sum"], o, s.LearningRate, s.Step),
            new HyperparameterSpace<AdaGradOptions>()
                .Choice("lr_decay", o => o.LearningRateDecay, (o, v) => o with { LearningRateDecay = v }, 0, 0.01, 1)
                .Choice("initial_accumulator_value", o => o.InitialAccumulatorValue, (o, v) => o with { InitialAccumulatorValue = v }, 0, 0.1, 3, Math.ScaleB(1.0, -126), 1e-39)
                .Epsilon("eps", o => o.Epsilon, (o, v) => o with { Epsilon = v }),
            RuleJsonContext.Default.AdaGradOptions,
            new RulePreset("adagrad", "AdaGrad", new AdaGradOptions())),
        new RuleRegistration<RmsProp, RmsPropOptions>(
            (l, lr, o, p) => new RmsProp(l, lr, o, nonFiniteGradients: p),
            (o, s) => ReferenceRmsProp.Step(s.Parameters, s.Gradients, s.States["square_avg"], s.States.Optional("grad_avg"), s.States.Optional("momentum_buffer"), o, s.LearningRate),
            new HyperparameterSpace<RmsPropOptions>()
                .Decay("alpha", o => o.Alpha, (o, v) => o with { Alpha = v })
                .Epsilon("eps", o => o.Epsilon, (o, v) => o with { Epsilon = v })
                .Flag("centered", o => o.Centered, (o, v) => o with { Centered = v })
                .OffOrDecay("momentum", o => o.Momentum, (o, v) => o with { Momentum = v }),
            RuleJsonContext.Default.RmsPropOptions,
            new RulePreset("rmsprop", "RMSProp", new RmsPropOptions())),
        new RuleRegistration<Adam, AdamOptions>(
            (l, lr, o, p) => new Adam(l, lr, o, nonFiniteGradients: p),
            (o, s) => ReferenceAdam.Step(s.Parameters, s.Gradients, s.States["exp_avg"], s.States["exp_avg_sq"], s.States.Optional("max_exp_avg_sq"), o, s.LearningRate, s.Step),
            new HyperparameterSpace<AdamOptions>()
                .Decay("beta1", o => o.Beta1, (o, v) => o with { Beta1 = v })
                .Decay("beta2", o => o.Beta2, (o, v) => o with { Beta2 = v })
                .Epsilon("eps", o => o.Epsilon, (o, v) => o with { Epsilon = v })
                .Flag("amsgrad", o => o.Amsgrad, (o, v) => o with { Amsgrad = v })
                .Flag("decoupled_weight_decay", o => o.DecoupledWeightDecay, (o, v) => o with { DecoupledWeightDecay = v }),
            RuleJsonContext.Default.AdamOptions,
            new RulePreset("adam", "Adam", new AdamOptions()),
            new RulePreset("adamw", "AdamW", AdamOptions.AdamW())),
        new RuleRegistration<NAdam, NAdamOptions>(
            (l, lr, o, p) => new NAdam(l, lr, o, nonFiniteGradients: p),
            (o, s) => ReferenceNAdam.Step(s.Parameters, s.Gradients, s.States["exp_avg"], s.States["exp_avg_sq"], o, s.LearningRate, s.Step),
            new HyperparameterSpace<NAdamOptions>()
                .Decay("beta1", o => o.Beta1, (o, v) => o with { Beta1 = v })
                .Decay("beta2", o => o.Beta2, (o, v) => o with { Beta2 = v })
                .Epsilon("eps", o => o.Epsilon, (o, v) => o with { Epsilon = v })
                .Choice("momentum_decay", o => o.MomentumDecay, (o, v) => o with { MomentumDecay = v }, 0, 4e-3, 0.1, 0.5, 1, 50)
                .Flag("decoupled_weight_decay", o => o.DecoupledWeightDecay, (o, v) => o with { DecoupledWeightDecay = v }),
            RuleJsonContext.Default.NAdamOptions,
            new RulePreset("nadam", "NAdam", new NAdamOptions())),
        new RuleRegistration<RAdam, RAdamOptions>(
            (l, lr, o, p) => new RAdam(l, lr, o, nonFiniteGradients: p),
            (o, s) => ReferenceRAdam.Step(s.Parameters, s.Gradients, s.States["exp_avg"], s.States["exp_avg_sq"], o, s.LearningRate, s.Step),
            new HyperparameterSpace<RAdamOptions>()
                .Decay("beta1", o => o.Beta1, (o, v) => o with { Beta1 = v })
                .Decay("beta2", o => o.Beta2, (o, v) => o with { Beta2 = v })
                .Epsilon("eps", o => o.Epsilon, (o, v) => o with { Epsilon = v })
                .Flag("decoupled_weight_decay", o => o.DecoupledWeightDecay, (o, v) => o with { DecoupledWeightDecay = v }),
            RuleJsonContext.Default.RAdamOptions,
            new RulePreset("radam", "RAdam", new RAdamOptions())),
        new RuleRegistration<Adamax, AdamaxOptions>(
            (l, lr, o, p) => new Adamax(l, lr, o, nonFiniteGradients: p),
            (o, s) => ReferenceAdamax.Step(s.Parameters, s.Gradients, s.States["exp_avg"], s.States["exp_inf"], o, s.LearningRate, s.Step),
            new HyperparameterSpace<AdamaxOptions>()
                .Decay("beta1", o => o.Beta1, (o, v) => o with { Beta1 = v })
                .Decay("beta2", o => o.Beta2, (o, v) => o with { Beta2 = v })
                .Epsilon("eps", o => o.Epsilon, (o, v) => o with { Epsilon = v }),
            RuleJsonContext.Default.AdamaxOptions,
            new RulePreset("adamax", "Adamax", new AdamaxOptions())),
        new RuleRegistration<Lion, LionOptions>(
            (l, lr, o, p) => new Lion(l, lr, o, nonFiniteGradients: p),
            (o, s) => ReferenceLion.Step(s.Parameters, s.Gradients, s.States["exp_avg"], o, s.LearningRate),
            new HyperparameterSpace<LionOptions>()
                .Decay("beta1", o => o.Beta1, (o, v) => o with { Beta1 = v })
                .Decay("beta2", o => o.Beta2, (o, v) => o with { Beta2 = v }),
            RuleJsonContext.Default.LionOptions,
            new RulePreset("lion", "Lion", new LionOptions())),
        new RuleRegistration<Adadelta, AdadeltaOptions>(
            (l, lr, o, p) => new Adadelta(l, lr, o, nonFiniteGradients: p),
            (o, s) => ReferenceAdadelta.Step(s.Parameters, s.Gradients, s.States["square_avg"], s.States["acc_delta"], o, s.LearningRate),
            new HyperparameterSpace<AdadeltaOptions>()
                .Decay("rho", o => o.Rho, (o, v) => o with { Rho = v })
                .Epsilon("eps", o => o.Epsilon, (o, v) => o with { Epsilon = v }),
            RuleJsonContext.Default.AdadeltaOptions,
            new RulePreset("adadelta", "Adadelta", new AdadeltaOptions())),
        new RuleRegistration<ScheduleFreeAdamW, ScheduleFreeAdamWOptions>(
            (l, lr, o, p) => new ScheduleFreeAdamW(l, lr, o, nonFiniteGradients: p),
            ScheduleFreeReference,
            new HyperparameterSpace<ScheduleFreeAdamWOptions>()
                .Decay("beta1", o => o.Beta1, (o, v) => o with { Beta1 = v })
                .Decay("beta2", o => o.Beta2, (o, v) => o with { Beta2 = v })
                .Epsilon("eps", o => o.Epsilon, (o, v) => o with { Epsilon = v })
                .Choice("warmup_steps", o => o.WarmupSteps, (o, v) => o with { WarmupSteps = (int)v }, 0, 1, 3, 20)
                .Choice("r", o => o.R, (o, v) => o with { R = v }, 0, 1, 3)
                .Choice("weight_lr_power", o => o.WeightLrPower, (o, v) => o with { WeightLrPower = v }, 2, 0, 1, 3)
                .Normalize(o => o.Beta1 == 0 ? o with { Beta1 = 0.5 } : o),
            RuleJsonContext.Default.ScheduleFreeAdamWOptions,
            new RulePreset("schedule-free-adamw", "Schedule-Free AdamW", new ScheduleFreeAdamWOptions())),
    ];

    /// <summary>
    /// Schedule-Free AdamW's reference step t: its scalar state (weight sum, lr max) is replayed over steps 1 to t - 1 at
    /// this step's learning rate, so it matches an optimizer whose learning rate stayed constant over the run.
    /// </summary>
    private static void ScheduleFreeReference(ScheduleFreeAdamWOptions options, ReferenceStepData step)
    {
        double weightSum = 0, learningRateMax = 0;
        for (long earlier = 1; earlier < step.Step; earlier++)
        {
            ReferenceScheduleFreeAdamW.Step([], [], [], [], options, step.LearningRate, earlier, ref weightSum, ref learningRateMax);
        }

        ReferenceScheduleFreeAdamW.Step(step.Parameters, step.Gradients, step.States["z"], step.States["exp_avg_sq"], options, step.LearningRate, step.Step, ref weightSum, ref learningRateMax);
    }

    /// <summary>Every preset of every rule, in display order.</summary>
    public static IReadOnlyList<RulePreset> Presets { get; } = [.. Rules.SelectMany(r => r.Presets)];

    /// <summary>The registration of <paramref name="optimizer"/>'s rule.</summary>
    /// <exception cref="KeyNotFoundException">Its type is not registered; the message names it and the registered ones.</exception>
    public static RuleRegistration Of(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return Of(optimizer.GetType());
    }

    /// <summary>The registration of the optimizer class <paramref name="optimizerType"/>.</summary>
    /// <exception cref="KeyNotFoundException">It is not registered.</exception>
    public static RuleRegistration Of(Type optimizerType)
    {
        ArgumentNullException.ThrowIfNull(optimizerType);
        return Rules.FirstOrDefault(r => r.OptimizerType == optimizerType)
            ?? throw new KeyNotFoundException($"{optimizerType.Name} is not registered in RuleCatalog.Rules (registered: {string.Join(", ", Rules)}).");
    }

    /// <summary>The registration of the rule whose options record is <paramref name="optionsType"/>.</summary>
    /// <exception cref="KeyNotFoundException">No registered rule takes those options.</exception>
    public static RuleRegistration ForOptions(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        return Rules.FirstOrDefault(r => r.OptionsType == optionsType)
            ?? throw new KeyNotFoundException($"No rule in RuleCatalog.Rules takes options of type {optionsType.Name}.");
    }

    /// <summary>The registration named <paramref name="name"/> (the optimizer's type name, as checkpoints store it), or null.</summary>
    public static RuleRegistration? Find(string name) => Rules.FirstOrDefault(r => r.Name == name);

    /// <summary>The preset with command-line name <paramref name="cliName"/> and its rule.</summary>
    /// <exception cref="KeyNotFoundException">No preset has that name; the message lists them.</exception>
    public static (RuleRegistration Rule, RulePreset Preset) Preset(string cliName)
    {
        foreach (var rule in Rules)
        {
            foreach (var preset in rule.Presets)
            {
                if (preset.CliName == cliName)
                {
                    return (rule, preset);
                }
            }
        }

        throw new KeyNotFoundException($"Unknown optimizer '{cliName}'. Known: {string.Join(", ", Presets.Select(p => p.CliName))}.");
    }
}
