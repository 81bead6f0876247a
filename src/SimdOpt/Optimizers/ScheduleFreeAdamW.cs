using SimdOpt.Kernels;
using SimdOpt.Parameters;

namespace SimdOpt.Optimizers;

/// <summary>
/// Schedule-Free AdamW (Defazio et al. 2024, "The Road Less Scheduled"; the authors' <c>AdamWScheduleFree</c>):
/// no learning-rate schedule; the parameters to evaluate are a weighted average x of the iterates z, and
/// gradients are taken at their interpolation <c>y = (1 - beta1) * z + beta1 * x</c>.
/// </summary>
/// <remarks>
/// <para>
/// The parameter buffer holds y in <see cref="ScheduleFreeMode.Train"/> mode (a new optimizer's mode) and x in
/// <see cref="ScheduleFreeMode.Eval"/> mode. <see cref="Eval(Span{float})"/> and <see cref="Train(Span{float})"/>
/// move it between the two, one pass each; stepping in eval mode throws <see cref="InvalidOperationException"/>
/// before anything is read or written. (The authors' optimizer starts in eval mode and needs <c>train()</c> before
/// its first step; before the first step x = y = z, so here a new optimizer starts in train mode, and calling
/// <see cref="Train(Span{float})"/> first, as with theirs, changes nothing.) Before the first step a switch only
/// changes the mode. x -&gt; y -&gt; x is not bit-exact: each switch rounds.
/// </para>
/// <para>
/// Scalar state (<see cref="Optimizer.ScalarStateNames"/>, saved by checkpoints): <c>weight_sum</c>, <c>lr_max</c>
/// and <c>train_mode</c> (1 train, 0 eval). Step scalars of step t (t from 1), in double, with
/// <c>lr</c> the optimizer's <see cref="Optimizer.LearningRate"/>:
/// <code>
/// sched      = t &lt; warmup_steps ? t / warmup_steps : 1
/// lr_t       = lr * sched
/// lr_max     = max(lr_max, lr_t)                        (lr_max starts at 0)
/// weight     = t^r * lr_max^weight_lr_power             (both by StepScalars.Power: whole powers)
/// weight_sum = weight_sum + weight                      (starts at 0)
/// c          = weight_sum == 0 ? 0 : weight / weight_sum
/// </code>
/// and per parameter group, with <c>lr_g = lr_t * learning_rate_scale</c> and <c>s = sqrt(1 - beta2^t)</c>:
/// <code>
/// epsHat = eps * s
/// b      = lr_g * s                                     (the bias-corrected, warmed-up step size)
/// a      = b * (beta1 * (1 - c) - 1)
/// a_wd   = (lr_g * (beta1 * (1 - c) - 1)) * wd
/// b_wd   = lr_g * wd
/// </code>
/// each rounded to float once, as are c, beta2 and <c>1 - beta2</c>. lr_max and the weights come from the optimizer's
/// base rate, so c is one number for all groups (the reference keeps them per group: with scales other than 1 its c
/// equals this one in exact arithmetic); warmup_steps, r and weight_lr_power must therefore match across groups.
/// </para>
/// <para>Per element, in this order of float operations (one square root, one division):</para>
/// <code>
/// g  = maximize ? -g : g
/// z  = y                                                (step 1 only: z starts as the parameters)
/// v  = beta2 * v + (1 - beta2) * (g * g)
/// u  = g / (sqrt(v) + epsHat)
/// y' = (y + c * (z - y)) + a * u
/// z' = z - b * u
/// y' = y' + a_wd * y;   z' = z' - b_wd * y              (only when weight_decay != 0; y the value before the step)
/// </code>
/// <para>
/// This is the reference's <c>gn = g / (sqrt(v / (1 - beta2^t)) + eps) + wd * y</c>,
/// <c>y = lerp(y, z, c) + lr_g * (beta1 * (1 - c) - 1) * gn</c>, <c>z = z - lr_g * gn</c> in exact arithmetic.
/// Switches, with <c>w</c> rounded to float once per group: eval <c>x = y + w * (z - y)</c>, <c>w = 1 - 1 / beta1</c>;
/// train <c>y = x + w * (z - x)</c>, <c>w = 1 - beta1</c>.
/// With <see cref="OptimizerOptions.FlushSubnormals"/>, <c>g * g</c> becomes <c>g2 * g2</c> (T from
/// <c>c2 = (float)(1 - beta2)</c>) and v and z are flushed as they are stored, as that option documents.
/// State, in order: <c>z</c>, <c>exp_avg_sq</c> (v).
/// </para>
/// </remarks>
public sealed class ScheduleFreeAdamW : Optimizer<ScheduleFreeAdamWOptions>
{
    private readonly PowerSeries[] _beta2Powers;
    private readonly float[] _squareThresholds;

    /// <summary>The authors' default learning rate: 0.0025.</summary>
    public const double DefaultLearningRate = 0.0025;

    private const int WeightSumIndex = 0;
    private const int LearningRateMaxIndex = 1;
    private const int TrainModeIndex = 2;
    private static readonly string[] ScalarNames = ["weight_sum", "lr_max", "train_mode"];

    private double _weightSum;
    private double _learningRateMax;
    private double _preparedWeightSum;
    private double _preparedLearningRateMax;
    private double _preparedAveragingWeight;

    /// <summary>Creates the optimizer in train mode; validates every hyperparameter.</summary>
    /// <param name="layout">The parameters' layout.</param>
    /// <param name="learningRate">Base learning rate, in [0, +inf) (the authors' default is <see cref="DefaultLearningRate"/>).</param>
    /// <param name="options">Hyperparameters (default beta1 0.9, beta2 0.999, eps 1e-8, no warm-up, r 0, weight_lr_power 2).</param>
    /// <param name="groups">Optional parameter groups with their own options; warm-up, r and weight_lr_power must match the optimizer's.</param>
    /// <param name="nonFiniteGradients">What to do with NaN or infinite gradients.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range; the message names it.</exception>
    /// <exception cref="ArgumentException">A group's warm-up, r or weight_lr_power differs from the optimizer's.</exception>
    public ScheduleFreeAdamW(ParameterLayout layout, double learningRate, ScheduleFreeAdamWOptions? options = null, IReadOnlyList<ParameterGroup<ScheduleFreeAdamWOptions>>? groups = null, NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Propagate)
        : base(layout, learningRate, options ?? new ScheduleFreeAdamWOptions(), groups, nonFiniteGradients, _ => ["z", "exp_avg_sq"])
    {
        foreach (var group in Groups)
        {
            var o = group.Options;
            if (o.WarmupSteps != Options.WarmupSteps || o.R != Options.R || o.WeightLrPower != Options.WeightLrPower)
            {
                throw new ArgumentException(
                    $"Group '{group.Name}' has warmup_steps {o.WarmupSteps}, r {o.R}, weight_lr_power {o.WeightLrPower}; the optimizer has {Options.WarmupSteps}, {Options.R}, {Options.WeightLrPower}. They set the one averaging weight of a step and must match across groups.",
                    nameof(groups));
            }
        }

        _beta2Powers = PerSet(o => new PowerSeries(o.Beta2));
        _squareThresholds = PerSet(o => SubnormalThreshold.ForSquareTerm((float)(1.0 - o.Beta2)));
        UpdateWith<ScheduleFreeAdamWScalars>(Scalars);
    }

    /// <summary>Which point the parameter buffer holds: y (train) or x (eval).</summary>
    public ScheduleFreeMode Mode { get; private set; }

    /// <inheritdoc />
    public override IReadOnlyList<string> ScalarStateNames => ScalarNames;

    /// <summary>Moves the buffer from y to x (one pass) and enters eval mode; does nothing in eval mode.</summary>
    /// <param name="parameters">The whole parameter buffer, holding y.</param>
    /// <exception cref="ArgumentException">The buffer's length is not the layout's, or it overlaps the optimizer's state.</exception>
    public void Eval(Span<float> parameters) => Switch(parameters, ScheduleFreeMode.Eval);

    /// <summary>Moves the buffer from y to x (one pass) and enters eval mode; does nothing in eval mode.</summary>
    /// <param name="parameters">The parameter buffer, holding y.</param>
    /// <exception cref="ArgumentException">The buffer's layout differs from <see cref="Optimizer.Layout"/>.</exception>
    public void Eval(ParameterBuffer parameters) => Eval(Checked(parameters));

    /// <summary>Moves the buffer from x to y (one pass) and enters train mode; does nothing in train mode.</summary>
    /// <param name="parameters">The whole parameter buffer, holding x.</param>
    /// <exception cref="ArgumentException">The buffer's length is not the layout's, or it overlaps the optimizer's state.</exception>
    public void Train(Span<float> parameters) => Switch(parameters, ScheduleFreeMode.Train);

    /// <summary>Moves the buffer from x to y (one pass) and enters train mode; does nothing in train mode.</summary>
    /// <param name="parameters">The parameter buffer, holding x.</param>
    /// <exception cref="ArgumentException">The buffer's layout differs from <see cref="Optimizer.Layout"/>.</exception>
    public void Train(ParameterBuffer parameters) => Train(Checked(parameters));

    private protected override double GetScalarState(int index) => index switch
    {
        WeightSumIndex => _weightSum,
        LearningRateMaxIndex => _learningRateMax,
        _ => Mode == ScheduleFreeMode.Train ? 1.0 : 0.0,
    };

    private protected override void SetScalarState(int index, double value)
    {
        if (index == TrainModeIndex)
        {
            if (value is not (0.0 or 1.0))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"The scalar state 'train_mode' must be 1 (train) or 0 (eval); got {value}.");
            }

            Mode = value == 1.0 ? ScheduleFreeMode.Train : ScheduleFreeMode.Eval;
            return;
        }

        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"The scalar state '{ScalarNames[index]}' must be finite and in [0, +inf); got {value}.");
        }

        if (index == WeightSumIndex)
        {
            _weightSum = value;
        }
        else
        {
            _learningRateMax = value;
        }
    }

    private protected override void ResetScalarState()
    {
        _weightSum = 0;
        _learningRateMax = 0;
        Mode = ScheduleFreeMode.Train;
    }

    private protected override void CompleteScalarState()
    {
        _weightSum = _preparedWeightSum;
        _learningRateMax = _preparedLearningRateMax;
    }

    private protected override void CheckCanStep()
    {
        if (Mode != ScheduleFreeMode.Train)
        {
            throw new InvalidOperationException("ScheduleFreeAdamW is in eval mode (the buffer holds x); call Train(parameters) before stepping.");
        }
    }

    private protected override double PrepareShared(long stepNumber, double learningRate)
    {
        var o = Options;
        var warmup = o.WarmupSteps;
        var scheduled = learningRate * (stepNumber < warmup ? (double)stepNumber / warmup : 1.0);
        var learningRateMax = Math.Max(_learningRateMax, scheduled);
        var weight = StepScalars.Power(stepNumber, (long)o.R) * StepScalars.Power(learningRateMax, (long)o.WeightLrPower);
        var weightSum = _weightSum + weight;
        _preparedAveragingWeight = weightSum == 0 ? 0.0 : weight / weightSum;
        _preparedWeightSum = weightSum;
        _preparedLearningRateMax = learningRateMax;
        return scheduled;
    }

    private void Scalars(int group, long stepNumber, double learningRate, out ScheduleFreeAdamWScalars scalars)
    {
        var g = GroupOptions(group);
        var ckp1 = _preparedAveragingWeight;
        var lr = GroupLearningRate(group, learningRate);
        var sqrtBc2 = Math.Sqrt(_beta2Powers[group].BiasCorrection(stepNumber));
        var stepSize = lr * sqrtBc2;
        var factor = (g.Beta1 * (1.0 - ckp1)) - 1.0;
        scalars = new ScheduleFreeAdamWScalars(
            Transform(g.Maximize, 0f),
            stepNumber == 1,
            g.WeightDecay != 0,
            (float)g.Beta2,
            (float)(1.0 - g.Beta2),
            StepFloat(g.Epsilon * sqrtBc2, group, stepNumber, "eps * sqrt(1 - beta2^t)", nameof(ScheduleFreeAdamWOptions.Epsilon), positive: true),
            (float)ckp1,
            StepFloat(stepSize * factor, group, stepNumber, "lr_t * sqrt(1 - beta2^t) * (beta1 * (1 - c_t) - 1)", nameof(LearningRate)),
            StepFloat(stepSize, group, stepNumber, "lr_t * sqrt(1 - beta2^t)", nameof(LearningRate)),
            StepFloat(lr * factor * g.WeightDecay, group, stepNumber, "lr_t * (beta1 * (1 - c_t) - 1) * weight_decay", nameof(LearningRate)),
            StepFloat(lr * g.WeightDecay, group, stepNumber, "lr_t * weight_decay", nameof(LearningRate)),
            _squareThresholds[group]);
    }

    private Span<float> Checked(ParameterBuffer parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!Layout.Equals(parameters.Layout))
        {
            throw new ArgumentException($"The parameters buffer's layout ({parameters.Layout}) differs from the optimizer's ({Layout}).", nameof(parameters));
        }

        return parameters.Span;
    }

    private void Switch(Span<float> parameters, ScheduleFreeMode target)
    {
        if (parameters.Length != Layout.TotalLength)
        {
            throw new ArgumentException($"The parameters span has {parameters.Length} elements; the layout has {Layout.TotalLength}.", nameof(parameters));
        }

        for (var slot = 0; slot < StateNames.Count; slot++)
        {
            if (parameters.Overlaps(State(StateNames[slot]).Span))
            {
                throw new ArgumentException("The parameters overlap the optimizer's own state.", nameof(parameters));
            }
        }

        if (Mode == target)
        {
            return;
        }

        AbandonPreparedStep();
        if (StepCount > 0)
        {
            foreach (var run in Runs)
            {
                var beta1 = GroupOptions(run.Group).Beta1;
                var weight = (float)(target == ScheduleFreeMode.Eval ? 1.0 - (1.0 / beta1) : 1.0 - beta1);
                UpdateLoop.Run(new LerpTowardRule(weight), parameters.Slice(run.Offset, run.Length), StateSlice(0, run.Offset, run.Length), [], [], []);
            }
        }

        Mode = target;
    }
}
